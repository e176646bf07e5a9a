import 'server-only';
import { and, asc, count, eq, inArray, isNull, lt, not, notInArray, sql, type SQL } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { failedNeedingAttention } from './attention';
import { affectedRows, db, rawRows, withSqliteClient, withTransaction } from './engine';
import type { RetentionScope } from './retention';

const d = schema.deliveries;

/**
 * What retention never touches: deliveries still on their way (queued, sending, retrying) and failures
 * a person still has to look at (Needs attention's own rule).
 */
const removable = (): SQL =>
  and(notInArray(d.status, ['queued', 'sending', 'retrying']), not(failedNeedingAttention()!))!;

const inScope = (scope: RetentionScope): SQL =>
  scope.integrationId === null ? isNull(d.integrationId) : eq(d.integrationId, scope.integrationId);

const keysetAfter = (after: WalkCursor) => sql`(${d.createdAt}, ${d.id}) > (${after.createdAt}, ${after.id})`;

const bodiesExpired = (scope: RetentionScope, after: WalkCursor | null) =>
  and(
    inScope(scope),
    sql`${d.bodiesRemovedAt} is null`,
    lt(d.createdAt, scope.bodiesBefore),
    after ? keysetAfter(after) : undefined,
    removable(),
  );

const deliveriesExpired = (scope: RetentionScope, after: WalkCursor | null) =>
  and(
    inScope(scope),
    lt(d.createdAt, scope.deliveriesBefore),
    after ? keysetAfter(after) : undefined,
    removable(),
  );

/** How many deliveries a run would clear or delete (its progress bar's total). */
export async function countExpired(scopes: RetentionScope[]): Promise<number> {
  let n = 0;
  for (const scope of scopes) {
    for (const expired of [bodiesExpired(scope, null), deliveriesExpired(scope, null)]) {
      const [row] = await db().select({ n: count() }).from(d).where(expired);
      n += row?.n ?? 0;
    }
  }
  return n;
}

/** Where a walk carries on: deliveries are walked oldest first, by (created_at, id). */
export interface WalkCursor {
  createdAt: number;
  id: number;
}

/**
 * Removes the stored request and response bodies of the next `limit` deliveries older than the scope's
 * cut-off, in one short write transaction, and marks them so the history can say so. Seeks the partial
 * index of deliveries that still have bodies: a daily run never re-reads what it already cleared.
 */
export async function removeBodiesBatch(
  scope: RetentionScope,
  after: WalkCursor | null,
  limit: number,
  now = Date.now(),
): Promise<{ removed: number; next: WalkCursor | null }> {
  const rows = await db()
    .select({ id: d.id, createdAt: d.createdAt })
    .from(d)
    .where(bodiesExpired(scope, after))
    .orderBy(asc(d.createdAt), asc(d.id))
    .limit(limit);
  if (!rows.length) return { removed: 0, next: null };
  const ids = rows.map((r) => r.id);
  await withTransaction(async (tx) => {
    await tx
      .update(schema.attempts)
      .set({ request: sql`'null'`, responseBody: null, responseTruncated: false })
      .where(inArray(schema.attempts.deliveryId, ids));
    await tx
      .update(d)
      .set({ bodiesRemovedAt: now })
      .where(and(inArray(d.id, ids), removable()));
  });
  return { removed: ids.length, next: rows.at(-1)! };
}

/**
 * Deletes the next `limit` removable deliveries older than the scope's cut-off, oldest first, in one short
 * write transaction (attempts and search entries go with them: cascade and trigger). Walks the created_at
 * index: after the first run, what lies before a cut-off is only what retention keeps.
 */
export async function deleteDeliveriesBatch(
  scope: RetentionScope,
  after: WalkCursor | null,
  limit: number,
): Promise<{ removed: number; next: WalkCursor | null }> {
  const rows = await db()
    .select({ id: d.id, createdAt: d.createdAt })
    .from(d)
    .where(deliveriesExpired(scope, after))
    .orderBy(asc(d.createdAt), asc(d.id))
    .limit(limit);
  if (!rows.length) return { removed: 0, next: null };
  const ids = rows.map((r) => r.id);
  const removed = affectedRows(
    await db()
      .delete(d)
      .where(and(inArray(d.id, ids), removable())),
  );
  return { removed, next: rows.at(-1)! };
}

/** The database's size in bytes: SQLite's pages × page size, PostgreSQL's pg_database_size. */
export async function databaseBytes(): Promise<number> {
  if (engineKind() === 'pg') {
    const [row] = await rawRows<{ bytes: number }>(sql`select pg_database_size(current_database()) as bytes`);
    return row?.bytes ?? 0;
  }
  return withSqliteClient(
    (client) =>
      (client.pragma('page_count', { simple: true }) as number) *
      (client.pragma('page_size', { simple: true }) as number),
  );
}

/**
 * Gives up to `pages` free pages back to the disk (incremental vacuum: each call a short write). Returns
 * how many free pages remain; on a database created before auto_vacuum was set, nothing is given back
 * (SQLite reuses the free pages for new rows instead; docs/architecture.md, Retention).
 */
export async function reclaimFreePages(pages: number): Promise<number> {
  // PostgreSQL: autovacuum makes deleted rows' space reusable by itself; giving it back to the disk
  // needs VACUUM FULL, which locks the tables, and is the operator's call (README, PostgreSQL).
  if (engineKind() === 'pg') return 0;
  return withSqliteClient((client) => {
    if (client.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
    client.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
    return client.pragma('freelist_count', { simple: true }) as number;
  });
}
