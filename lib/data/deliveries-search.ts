import 'server-only';
import { sql, type SQL } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { cachedValues } from './history-statements';

/**
 * The history's search: contact, external ID, products, description, detail values and SALESmanago's
 * message, any part of three characters or more, matched literally and without regard to ASCII case.
 *
 * PostgreSQL: the pg_trgm table `deliveries_search` (db/migrations-pg/0001_history_search.sql), whose GIN
 * index answers `body ILIKE '%term%'` and rechecks each candidate against the whole pattern, planned
 * together with the history's other filters in one query.
 *
 * SQLite: the trigram index `deliveries_fts` (migration 0006; rowids only since 0022, detail = none, so
 * a query may AND single trigrams but never ask for a phrase of several: FTS5 refuses one on that table).
 *
 * FTS5 can answer the whole term as a phrase, but a phrase's cost follows its most common trigrams:
 * "shopper123@" walks the doclists of "sho", "hop", "per"… which hold nearly every row (60 ms at a
 * million deliveries). So the index only finds candidates, through the term's few rarest-looking
 * trigrams (1–2 ms), and each candidate's own text confirms the whole term.
 */

/** How many trigrams drive the index lookup: more narrows the candidates, but each costs a doclist. */
const DRIVERS = 3;

// Digits and punctuation are rare in text, so a trigram holding them is likely a rare one; letters that
// are rare in European words come next. No statistics are read: counting a trigram's rows would cost
// as much as the phrase query this avoids.
const RARE_LETTERS = new Set('jqxzvkwyfb'.split(''));
const charScore = (c: string) =>
  /\d/u.test(c) ? 3 : /[\p{L}\s]/u.test(c) ? (RARE_LETTERS.has(c) ? 1 : 0) : 2;

/** The term's trigrams (code points, lower-cased as the index folds them), rarest-looking first. */
export function driverTrigrams(term: string): string[] {
  const chars = Array.from(term.toLowerCase());
  const scored = new Map<string, number>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const tri = chars.slice(i, i + 3);
    // Later positions win ties: the tail of an email's local part or an order number is its rare part.
    scored.set(tri.join(''), tri.reduce((s, c) => s + charScore(c), 0) * 1000 + i);
  }
  return [...scored.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, DRIVERS)
    .map(([t]) => t);
}

/** An FTS5 query that every row holding the term also matches (an AND of quoted trigrams). */
export function driverQuery(term: string): string {
  return driverTrigrams(term)
    .map((t) => `"${t.replaceAll('"', '""')}"`)
    .join(' AND ');
}

const d = schema.deliveries;

/**
 * SQLite: the row's own text holds the whole term (the same text the index was built from, by the view
 * `deliveries_search_text`). lower() folds ASCII only, so a term differing from the text in the case of
 * a non-ASCII letter is not confirmed; the index would have offered it.
 *
 * The columns the text is made of are tried first, each on its own: the text holds every one of them
 * as it is, so a term in one of them is in the text, and most matches (a contact, an order, a SKU) end
 * there without building the text, which parses the stored event (a third of a search's time).
 */
export function confirmsTerm(term: string): SQL {
  const t = sql`lower(${term})`;
  const direct = [d.contact, d.externalId, d.products, d.reasonMessage].map(
    (column) => sql`instr(lower(${column}), ${t}) > 0`,
  );
  const text = sql`instr(lower((select s.body from deliveries_search_text s where s.id = ${d.id})), ${t}) > 0`;
  return sql`(${sql.join([...direct, text], sql` or `)})`;
}

/**
 * Deliveries holding the term, as one condition: the history's list on PostgreSQL, and exports, bulk
 * actions and counts on both engines (they read every match).
 */
export function searchCondition(term: string): SQL {
  if (engineKind() === 'pg') {
    return sql`${d.id} in (select s.delivery_id from deliveries_search s where s.body ilike ${likePattern(term)} escape '\\')`;
  }
  return sql`${d.id} in (select rowid from deliveries_fts where deliveries_fts match ${driverQuery(term)}) and ${confirmsTerm(term)}`;
}

/**
 * `%term%` for ILIKE with the term's own \, % and _ escaped (by \, the pattern's ESCAPE): a search for
 * "50%_off" finds that text, not every "50" followed by anything. Built here rather than in SQL, so the
 * planner sees the whole pattern and can take the trigram index.
 */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A rowid bound FTS5 can use. better-sqlite3 binds every JavaScript number as a REAL, and FTS5 takes a
 * rowid constraint only from an INTEGER value (fts5GetRowidLimit): given a REAL it reads the term's
 * doclists from their newest end and leaves the bound to SQLite, so a next page cost as much as walking
 * down to its cursor (a description word's page below the middle of a million deliveries: 8.3 ms, 0.3 ms
 * with the bound cast). The cast makes the value an INTEGER before FTS5 sees it.
 */
export const rowidBound = (id: number): SQL => sql`cast(${id} as integer)`;

/**
 * SQLite: candidate ids in [`from`, `before`), newest first: the index's answer, before confirmation.
 * FTS5 stops at `from` only once the term's next match below it turns up (an AND of trigrams is walked
 * to its next common rowid before the bound is checked), so a term with no match below the window still
 * reads its rarest doclists to their end; within the window the cost follows the window, not the history.
 */
export async function candidateIds(
  term: string,
  window: { before: number | undefined; from: number },
  limit: number,
): Promise<number[]> {
  const below = window.before === undefined ? sql`` : sql` and rowid < ${rowidBound(window.before)}`;
  const rows = await cachedValues<[number]>(
    sql`select rowid from deliveries_fts where deliveries_fts match ${driverQuery(term)}${below}
        and rowid >= ${rowidBound(window.from)} order by rowid desc limit ${limit}`,
  );
  return rows.map((r) => r[0]);
}
