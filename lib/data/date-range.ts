import 'server-only';
import { sql, type SQL } from 'drizzle-orm';

import { schema } from '@/db';

const d = schema.deliveries;

/**
 * A history date range as conditions that seek. created_at never goes back as ids go up (migration
 * 0007 keeps it so for every writer), so "created from F to T" is exactly "id from the first row created
 * at or after F to the last created at or before T": two seeks on deliveries_created_idx, then a range
 * of ids that the primary key and every (column, id) index can walk newest first. Without it a range in
 * the past either skipped every newer row or read and sorted every row of the range (20–65 ms at a
 * million deliveries, against 0.5–3 ms).
 *
 * The created_at terms stay, so the rows are right whatever the ids say; their unary `+` keeps SQLite
 * from choosing them as the way in.
 */
export function dateRangeConditions(from: number | undefined, to: number | undefined): SQL[] {
  const where: SQL[] = [];
  if (from !== undefined) {
    where.push(
      sql`${d.id} >= (select id from deliveries where created_at >= ${from} order by created_at, id limit 1)`,
      sql`+${d.createdAt} >= ${from}`,
    );
  }
  if (to !== undefined) {
    where.push(
      sql`${d.id} <= (select id from deliveries where created_at <= ${to} order by created_at desc, id desc limit 1)`,
      sql`+${d.createdAt} <= ${to}`,
    );
  }
  return where;
}
