import 'server-only';
import { and, desc, eq, getTableColumns, inArray, lt, sql, type Column, type SQL } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { dateRangeConditions } from './date-range';
import { toDeliveryView, type DeliveryRow, type DeliveryView } from './deliveries';
import { withContactEmails } from './contact-emails';
import { candidateIds, confirmsTerm, searchCondition } from './deliveries-search';
import { db, idIn } from './engine';
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

let sqliteColumns: { columns: Array<[string, Column]>; select: SQL } | undefined;
/**
 * SQLite's columns of the table and their list rendered once (drizzle rendered its 36 columns again for
 * every statement), read on first use on SQLite: schema.deliveries is PostgreSQL's table while that
 * engine runs.
 */
function sqliteSelect() {
  if (!sqliteColumns) {
    const columns = Object.entries(getTableColumns(schema.deliveries));
    const list = sql.join(
      columns.map(([, column]) => sql`${column}`),
      sql`, `,
    );
    sqliteColumns = { columns, select: sql.raw(renderedSql(list)) };
  }
  return sqliteColumns;
}

/**
 * Deliveries matching `where`, newest first, as the ORM gives them.
 * - SQLite: positional rows of a statement prepared once (history-statements.ts), each column decoded by
 *   its own mapping (the event's JSON, booleans): drizzle's generic row mapping cost about half a
 *   millisecond per page of 50, as much as the query.
 * - PostgreSQL: drizzle's query on the pool, mapped by PostgreSQL's columns (json arrives parsed).
 */
async function deliveryRows(where: SQL[], limit: number): Promise<DeliveryRow[]> {
  const d = schema.deliveries;
  const condition = where.length ? and(...where) : undefined;
  if (engineKind() === 'pg') return db().select().from(d).where(condition).orderBy(desc(d.id)).limit(limit);
  const { columns, select } = sqliteSelect();
  const rows = await cachedValues<unknown[]>(
    sql`select ${select} from ${d} where ${condition ?? sql`true`} order by ${d.id} desc limit ${limit}`,
  );
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      const [key, column] = columns[c]!;
      const value = values[c];
      row[key] = value === null ? null : column.mapFromDriverValue(value);
    }
    return row as DeliveryRow;
  });
}

/** Newest first, keyset-paginated on the id (stable while new deliveries arrive). */
export async function listDeliveries(f: DeliveryFilters, budget = SEARCH_BUDGET): Promise<DeliveryPage> {
  if (f.q && engineKind() === 'sqlite') return searchWalk(f, f.q, budget);
  // PostgreSQL's search is one more condition (deliveryConditions): the planner joins the trigram index
  // with the filters' indexes itself, so no walk and no budget.
  const where = deliveryConditions(f);
  if (f.cursor) where.push(lt(schema.deliveries.id, f.cursor));
  return page(await deliveryRows(where, f.limit + 1), f.limit);
}

async function page(rows: DeliveryRow[], limit: number): Promise<DeliveryPage> {
  const items = await withContactEmails(rows.slice(0, limit).map(toDeliveryView));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * SQLite's search walks the FTS5 index's candidates newest first, a batch at a time, and keeps those that
 * hold the whole term and pass the filters, until the page is full: its cost follows the page, not the
 * history (deliveries-search.ts says why the index only finds candidates).
 */
async function searchWalk(f: DeliveryFilters, term: string, budget: number): Promise<DeliveryPage> {
  const where = deliveryConditions({ ...f, q: undefined });
  const found: DeliveryRow[] = [];
  let before = f.cursor;
  for (let scanned = 0; found.length <= f.limit; scanned += SEARCH_BATCH) {
    if (scanned >= budget) {
      return { items: await withContactEmails(found.map(toDeliveryView)), nextCursor: before ?? null };
    }
    const ids = await candidateIds(term, before, SEARCH_BATCH);
    if (!ids.length) break;
    found.push(
      ...(await deliveryRows(
        [idIn(schema.deliveries.id, ids), ...where, confirmsTerm(term)],
        f.limit + 1 - found.length,
      )),
    );
    before = ids.at(-1);
    if (ids.length < SEARCH_BATCH) break;
  }
  return page(found, f.limit);
}
