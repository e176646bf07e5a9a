import 'server-only';
import { and, eq, getTableColumns, inArray, lt, sql, type SQL } from 'drizzle-orm';

import { schema } from '@/db';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { dateRangeConditions } from './date-range';
import { toDeliveryView, type DeliveryRow, type DeliveryView } from './deliveries';
import { withContactEmailsSync } from './contact-emails';
import { candidateIds, confirmsTerm, searchCondition } from './deliveries-search';
import { cachedValues, renderedSql } from './history-statements';

// The history's list: filters as SQL conditions, keyset pages newest first, and the search's walk.

export function deliveryConditions(f: Omit<DeliveryFilters, 'cursor' | 'limit'>): SQL[] {
  const d = schema.deliveries;
  const where: SQL[] = [];
  if (f.integrationId) where.push(eq(d.integrationId, f.integrationId));
  if (f.type.length) where.push(inArray(d.type, f.type));
  // Failed alone is written as a literal, so SQLite may use the partial indexes of failed rows
  // (deliveries_failed_type_idx: a rare failed + type combination reads only its own rows).
  if (f.status.length === 1 && f.status[0] === 'failed') where.push(sql`${d.status} = 'failed'`);
  // Retrying alone: the retry queue's ids first. The statistics average the statuses, so the planner
  // took retrying for a quarter of the history and walked every row of a rare type instead (retrying +
  // LOAN_ORDER: 23 ms at ten million deliveries); given the queue's ids it seeks each on the other filter's
  // index. The queue, not the history, bounds the list.
  else if (f.status.length === 1 && f.status[0] === 'retrying')
    where.push(sql`${d.id} in (select ${d.id} from ${d} where ${d.status} = 'retrying')`);
  else if (f.status.length) where.push(inArray(d.status, f.status));
  if (f.source.length) where.push(inArray(d.source, f.source));
  if (f.reason?.length) where.push(inArray(d.reason, f.reason));
  where.push(...dateRangeConditions(f.from, f.to));
  if (f.q) where.push(searchCondition(f.q));
  return where;
}

const SEARCH_BATCH = 500;
/** Candidates one request may confirm; past it the page ends early and the cursor goes on from there. */
const SEARCH_BUDGET = 20_000;

export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: number | null;
}

/**
 * Deliveries matching `where`, newest first, as the ORM would give them: each column decoded by its own
 * mapping (the event's JSON, booleans), from positional rows. drizzle's generic row mapping cost about
 * half a millisecond per page of 50, as much as the query.
 */
const COLUMNS = Object.entries(getTableColumns(schema.deliveries));
/** The column list rendered once: drizzle rendered its 36 columns again for every statement. */
const SELECT = sql.raw(
  renderedSql(
    sql.join(
      COLUMNS.map(([, column]) => sql`${column}`),
      sql`, `,
    ),
  ),
);
function deliveryRows(where: SQL | undefined, limit: number): DeliveryRow[] {
  const d = schema.deliveries;
  return cachedValues<unknown[]>(
    sql`select ${SELECT} from ${d} where ${where ?? sql`1`} order by ${d.id} desc limit ${limit}`,
  ).map((values) => {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < COLUMNS.length; c++) {
      const [key, column] = COLUMNS[c]!;
      const value = values[c];
      row[key] = value === null ? null : column.mapFromDriverValue(value);
    }
    return row as DeliveryRow;
  });
}

/** Newest first, keyset-paginated on the id (stable while new deliveries arrive). */
export async function listDeliveries(f: DeliveryFilters, budget = SEARCH_BUDGET): Promise<DeliveryPage> {
  if (f.q) return searchDeliveries(f, f.q, budget);
  const where = deliveryConditions(f);
  if (f.cursor) where.push(lt(schema.deliveries.id, f.cursor));
  return page(deliveryRows(where.length ? and(...where) : undefined, f.limit + 1), f.limit);
}

function page(rows: DeliveryRow[], limit: number): DeliveryPage {
  const items = withContactEmailsSync(rows.slice(0, limit).map(toDeliveryView));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * A search walks the index's candidates newest first, a batch at a time, and keeps those that hold the
 * whole term and pass the filters, until the page is full: its cost follows the page, not the history.
 */
function searchDeliveries(f: DeliveryFilters, term: string, budget: number): DeliveryPage {
  const where = deliveryConditions({ ...f, q: undefined });
  const found: DeliveryRow[] = [];
  let before = f.cursor;
  for (let scanned = 0; found.length <= f.limit; scanned += SEARCH_BATCH) {
    if (scanned >= budget) {
      return { items: withContactEmailsSync(found.map(toDeliveryView)), nextCursor: before ?? null };
    }
    const ids = candidateIds(term, before, SEARCH_BATCH);
    if (!ids.length) break;
    found.push(
      ...deliveryRows(
        and(
          sql`${schema.deliveries.id} in (select value from json_each(${JSON.stringify(ids)}))`,
          ...where,
          confirmsTerm(term),
        ),
        f.limit + 1 - found.length,
      ),
    );
    before = ids.at(-1);
    if (ids.length < SEARCH_BATCH) break;
  }
  return page(found, f.limit);
}
