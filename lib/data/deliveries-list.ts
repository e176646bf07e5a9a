import 'server-only';
import { and, desc, eq, getTableColumns, inArray, lt, sql, type Column, type SQL } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { config } from '@/lib/config';
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

/** Where a search stopped before reaching the oldest delivery (the next page goes on from there). */
export interface SearchedBack {
  /** When the oldest delivery it searched was created (ms since the epoch). */
  createdAt: number;
}

export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: number | null;
  /** Set when a search ended its page early, before the oldest delivery: how far back it looked. */
  searchedBack?: SearchedBack;
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

/**
 * How far one SQLite search request may go: candidates confirmed, and ids searched below its cursor.
 * The window (HISTORY_SEARCH_WINDOW, a million by default): a term with few matches would otherwise walk
 * its trigrams' doclists to the end of the history, ten times as far at ten million deliveries as at one.
 * Past the window the page ends early, says how far back it searched, and its cursor goes on from there:
 * a request's cost follows the window, never the history.
 */
export interface SearchLimits {
  budget: number;
  window: number;
}

/** Newest first, keyset-paginated on the id (stable while new deliveries arrive). */
export async function listDeliveries(
  f: DeliveryFilters,
  limits: Partial<SearchLimits> = {},
): Promise<DeliveryPage> {
  if (f.q && engineKind() === 'sqlite') {
    return searchWalk(f, f.q, { budget: SEARCH_BUDGET, window: config().historySearchWindow, ...limits });
  }
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
 * history (deliveries-search.ts says why the index only finds candidates). It stops early, with a cursor
 * that goes on and the date it reached, past its budget of candidates or its window of ids.
 */
async function searchWalk(f: DeliveryFilters, term: string, limits: SearchLimits): Promise<DeliveryPage> {
  const where = deliveryConditions({ ...f, q: undefined });
  const top = f.cursor ?? (await newestId()) + 1;
  const from = Math.max(top - limits.window, 0);
  const found: DeliveryRow[] = [];
  let before = f.cursor;
  for (let scanned = 0; found.length <= f.limit; scanned += SEARCH_BATCH) {
    if (scanned >= limits.budget) return stoppedEarly(found, before ?? top);
    const ids = await candidateIds(term, { before, from }, SEARCH_BATCH);
    if (ids.length) {
      found.push(
        ...(await deliveryRows(
          [idIn(schema.deliveries.id, ids), ...where, confirmsTerm(term)],
          f.limit + 1 - found.length,
        )),
      );
      before = ids.at(-1);
    }
    if (ids.length < SEARCH_BATCH) {
      // The window is searched: the page is whole unless older deliveries lie below it.
      if (found.length <= f.limit && (await hasOlderThan(from))) return stoppedEarly(found, from);
      break;
    }
  }
  return page(found, f.limit);
}

/** A search page that ends before the oldest delivery: what it found, the cursor, and how far it looked. */
async function stoppedEarly(found: DeliveryRow[], cursor: number): Promise<DeliveryPage> {
  const items = await withContactEmails(found.map(toDeliveryView));
  const d = schema.deliveries;
  const [oldest] = await cachedValues<[number]>(
    sql`select ${d.createdAt} from ${d} where ${d.id} >= ${cursor} order by ${d.id} limit 1`,
  );
  return { items, nextCursor: cursor, searchedBack: { createdAt: oldest?.[0] ?? Date.now() } };
}

async function newestId(): Promise<number> {
  const d = schema.deliveries;
  const [row] = await cachedValues<[number | null]>(sql`select max(${d.id}) from ${d}`);
  return row?.[0] ?? 0;
}

async function hasOlderThan(id: number): Promise<boolean> {
  const d = schema.deliveries;
  return (await cachedValues<[number]>(sql`select 1 from ${d} where ${d.id} < ${id} limit 1`)).length > 0;
}
