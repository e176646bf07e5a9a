import 'server-only';

import { getTableColumns, sql, type SQL } from 'drizzle-orm';

import { engineKind, preparedStatement, schema } from '@/db';
import {
  DELIVERY_SOURCES,
  ROLLUP_EVENT_TYPES,
  type DeliverySource,
  type OverviewBasis,
  type RefusalCause,
} from '@/db/enums';
import { rawRows, withSqliteClient } from './engine';
import { HOUR_MS, type PlanEntry } from './overview-period';

// The overview's reads of the rollup tables (db/schema.ts, kept by the triggers of migration 0016 on
// SQLite and 0003 on PostgreSQL). Every read follows a plan (overview-period.ts: which day and hour rows
// make each bucket, and with which sign). Bars (sent, worth, refusals) read each row the plan names once,
// as ranges of the table's primary key (span_hours, integration_id, bucket, …), and JavaScript adds each
// row to the buckets the plan gives it to (`fold`): in Europe/Warsaw a UTC day's last hour is taken from
// one day and given to the next, so SQL joined to the plan read it twice and summed 37 columns per visit,
// where reading it once and adding in JavaScript costs half. Whole periods (totals, reasons, answer
// times) are summed in SQL joined to the plan. A read costs the rows of its buckets, never the history.
//
// Each read is one function with a statement per engine (issue 17): SQLite's are prepared once per
// connection and take the plan as one JSON parameter (json_each); PostgreSQL's take it as arrays
// (unnest). The buckets, the plan and the JavaScript that adds rows up are the same for both, so both
// engines give the same numbers for the same rollup rows (history-equivalence.test.ts, overview.test.ts).

/** Which rows to read: a plan of buckets (overview-period.ts), for one integration or all (null). */
export interface Scope {
  plan: PlanEntry[];
  /** null: every integration. */
  integrationId: number | null;
}

/** The rollups' row for every integration together is integration_id -1 (db/schema.ts). */
const ALL = -1;
const scopeOf = (integrationId: number | null) => integrationId ?? ALL;
const params = (s: Scope) => ({ plan: JSON.stringify(s.plan), integration: scopeOf(s.integrationId) });

/**
 * SQLite: the plan as a table, read from its JSON once (MATERIALIZED: inlined, SQLite would parse the
 * JSON again for every rollup row it joins), then the rows of `table` (a fixed name, never input) it names.
 */
const PLAN = `WITH p AS MATERIALIZED (SELECT value ->> 0 AS span, value ->> 1 AS first, value ->> 2 AS last,
  value ->> 3 AS i, value ->> 4 AS sign FROM json_each(@plan))`;
const planned = (table: string) => `
  FROM p JOIN ${table} t
    ON t.span_hours = p.span AND t.bucket BETWEEN p.first AND p.last AND t.integration_id = @integration`;

/** A column of tuples as one PostgreSQL array parameter (a plan of hundreds of entries is 5 parameters). */
const pgArray = (rows: number[][], k: number, type: 'bigint' | 'int') =>
  sql`${sql.param(rows.map((r) => r[k]))}::${sql.raw(type)}[]`;

/**
 * PostgreSQL: the rows of `table` (a fixed name, never input) in the ranges of the table `r` (span,
 * first, last), for one integration: per range, a range of the primary key. LATERAL with OFFSET 0, so
 * the planner cannot flatten it into a join: it would hash the ranges by span and test every row of the
 * table against each (31 ms for 90 days over 200 days of rollups, against 0.3 ms seeking).
 */
const pgInRanges = (table: string, r: string, integration: number, basis?: OverviewBasis) => sql`
  CROSS JOIN LATERAL (SELECT * FROM ${sql.raw(table)} t
    WHERE t.span_hours = ${sql.raw(r)}.span AND t.integration_id = ${integration}
      AND t.bucket BETWEEN ${sql.raw(r)}.first AND ${sql.raw(r)}.last
      ${basis ? sql`AND t.basis = ${basis}` : sql``}
    OFFSET 0) t`;

/** PostgreSQL: the plan as a table (unnest of its columns), then the rows of `table` it names. */
const pgPlanned = (s: Scope, table: string) => sql`
  FROM unnest(${pgArray(s.plan, 0, 'bigint')}, ${pgArray(s.plan, 1, 'bigint')}, ${pgArray(s.plan, 2, 'bigint')},
    ${pgArray(s.plan, 3, 'int')}, ${pgArray(s.plan, 4, 'int')}) AS p (span, first, last, i, sign)
  ${pgInRanges(table, 'p', scopeOf(s.integrationId))}`;

/**
 * The rows a plan names, each once: per tier, its ranges merged where they overlap or touch, as
 * [spanHours, first, last].
 */
function planRanges(plan: PlanEntry[]): Array<[span: number, first: number, last: number]> {
  const sorted = plan.map(([span, first, last]) => [span, first, last] as [number, number, number]);
  sorted.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number, number]> = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev[0] === r[0] && r[1] <= prev[2] + 1) prev[2] = Math.max(prev[2], r[2]);
    else out.push(r);
  }
  return out;
}

/**
 * A read of the rows of `table` (a fixed name, never input) in a plan's ranges, each row an array leading
 * with span and bucket, then `columns` (fixed names), of one basis where `byBasis`. Both engines answer
 * one JSON array:
 * - SQLite writes it (json_group_array): better-sqlite3 builds a JavaScript value per column (90 days of
 *   bars are 7,000 of them), which cost more than SQLite writing the JSON text and V8 parsing it (0.29
 *   against 0.47 ms for rollup_sent's rows of 90 days).
 * - PostgreSQL too (json_agg, which pg parses): measured against plain rows (as arrays or objects) for
 *   90 days of bars, the round trip costs about the same (2–3 ms on the test cluster), and the rows come
 *   in the shape `fold` reads, as on SQLite, without a second path.
 */
function rangeRead(table: string, columns: string[], byBasis = false) {
  const list = columns.map((c) => `t.${c}`).join(', ');
  const sqlite = preparedStatement<Record<string, unknown>>(`
    WITH r AS MATERIALIZED (SELECT value ->> 0 AS span, value ->> 1 AS first, value ->> 2 AS last
      FROM json_each(@ranges))
    SELECT json_group_array(json_array(t.span_hours, t.bucket, ${list})) FROM r JOIN ${table} t
      ON t.span_hours = r.span AND t.bucket BETWEEN r.first AND r.last AND t.integration_id = @integration
      ${byBasis ? 'AND t.basis = @basis' : ''}`);
  return async (s: Scope, basis?: OverviewBasis): Promise<unknown[][]> => {
    const ranges = planRanges(s.plan);
    const integration = scopeOf(s.integrationId);
    if (engineKind() === 'pg') {
      const [row] = await rawRows<{ rows: unknown[][] }>(sql`
        SELECT coalesce(json_agg(json_build_array(t.span_hours, t.bucket, ${sql.raw(list)})), '[]') AS rows
        FROM unnest(${pgArray(ranges, 0, 'bigint')}, ${pgArray(ranges, 1, 'bigint')}, ${pgArray(ranges, 2, 'bigint')})
          AS r (span, first, last)
        ${pgInRanges(table, 'r', integration, byBasis ? basis : undefined)}`);
      return row!.rows;
    }
    const text = await withSqliteClient(() =>
      sqlite()
        .pluck()
        .get({ ranges: JSON.stringify(ranges), integration, ...(byBasis ? { basis } : {}) }),
    );
    return JSON.parse(text as string) as unknown[][];
  };
}

/** A day row and an hour row of the same number are different rows. */
const tierKey = (span: number, bucket: number) => (span === 24 ? -1 - bucket : bucket);

/**
 * Adds each row (leading with span_hours and bucket) to the buckets the plan gives it to, with the plan's
 * sign: `add(index, sign, row)` once per plan entry that names the row.
 */
function fold(plan: PlanEntry[], rows: unknown[][], add: (i: number, sign: number, row: unknown[]) => void) {
  const byBucket = new Map<number, unknown[][]>();
  for (const row of rows) {
    const key = tierKey(row[0] as number, row[1] as number);
    const list = byBucket.get(key);
    if (list) list.push(row);
    else byBucket.set(key, [row]);
  }
  for (const [span, first, last, i, sign] of plan)
    for (let b = first; b <= last; b++)
      for (const row of byBucket.get(tierKey(span, b)) ?? []) add(i, sign, row);
}

// Every count column of rollup_sent (outcomes, sources, types), per row; summed per bucket index by fold.
// Read from the SQLite schema: the PostgreSQL one has the same columns (db/schema-parity.test.ts).
const SENT_COLUMNS = Object.values(getTableColumns(schema.rollupSent))
  .map((c) => c.name)
  .filter((name) => !['span_hours', 'bucket', 'integration_id'].includes(name));
const sentRows = rangeRead('rollup_sent', SENT_COLUMNS);

export interface SentCounts {
  sent: number;
  delivered: number;
  failed: number;
  unresolved: number;
  waiting: number;
  cancelled: number;
  byType: Record<string, number>;
  bySource: Partial<Record<DeliverySource, number>>;
}

// The previous period needs its outcome totals only: six sums over its rows, not 37 per bar.
const OUTCOMES = ['sent', 'delivered', 'failed', 'unresolved', 'waiting', 'cancelled'] as const;
type OutcomeCounts = Record<(typeof OUTCOMES)[number], number>;
const OUTCOME_SUMS = OUTCOMES.map((c) => `coalesce(sum(t.${c} * p.sign), 0) AS ${c}`).join(', ');
const totalsStatement = preparedStatement<Record<string, unknown>>(`${PLAN}
  SELECT ${OUTCOME_SUMS}
  ${planned('rollup_sent')}`);

/** Deliveries of a whole period (a plan of one bucket) by their outcome now. */
export async function outcomeTotals(s: Scope): Promise<OutcomeCounts> {
  if (engineKind() === 'pg') {
    const [row] = await rawRows<OutcomeCounts>(
      sql`SELECT ${sql.raw(OUTCOME_SUMS)} ${pgPlanned(s, 'rollup_sent')}`,
    );
    return row!;
  }
  return withSqliteClient(() => totalsStatement().get(params(s)) as OutcomeCounts);
}

const column = (name: string) => SENT_COLUMNS.indexOf(name);
/** Where each outcome's count is in a row of SENT_COLUMNS. */
const OUTCOME_AT = Object.fromEntries(OUTCOMES.map((o) => [o, column(o)])) as OutcomeCounts;
const TYPE_COLUMNS = ROLLUP_EVENT_TYPES.map((t) => [column(`type_${t.toLowerCase()}`), t] as const);
const SOURCE_COLUMNS = DELIVERY_SOURCES.map((s) => [column(`source_${s}`), s] as const);

/** Deliveries per bucket index: their outcome now, and by type and source (the counts that are not 0). */
export async function sentByBucket(s: Scope): Promise<Map<number, SentCounts>> {
  const sums = new Map<number, number[]>();
  const n = SENT_COLUMNS.length;
  fold(s.plan, await sentRows(s), (i, sign, row) => {
    let t = sums.get(i);
    if (!t) sums.set(i, (t = new Array<number>(n).fill(0)));
    for (let c = 0; c < n; c++) t[c]! += sign * (row[c + 2] as number);
  });
  const nonZero = <K extends string>(t: number[], columns: ReadonlyArray<readonly [number, K]>) => {
    const out: Partial<Record<K, number>> = {};
    for (const [c, k] of columns) if (t[c]) out[k] = t[c];
    return out;
  };
  // Written out, not built from OUTCOMES: a literal per bucket costs a tenth of Object.fromEntries and
  // a spread (0.3 ms of a 90-day overview).
  const out = new Map<number, SentCounts>();
  for (const [i, t] of sums)
    out.set(i, {
      sent: t[OUTCOME_AT.sent]!,
      delivered: t[OUTCOME_AT.delivered]!,
      failed: t[OUTCOME_AT.failed]!,
      unresolved: t[OUTCOME_AT.unresolved]!,
      waiting: t[OUTCOME_AT.waiting]!,
      cancelled: t[OUTCOME_AT.cancelled]!,
      byType: nonZero(t, TYPE_COLUMNS) as Record<string, number>,
      bySource: nonZero(t, SOURCE_COLUMNS),
    });
  return out;
}

// Sums per bucket index and key. A whole period (a plan of a few entries over many rows: 90 days of 13
// duration buckets) is summed in SQL, whose sort beats building maps in JavaScript; bars (a plan of
// hundreds of entries, where rows are few and some are named twice) are read once and folded.
type Keyed<K> = Array<{ i: number; k: K; n: number }>;
function summed<K>(table: string, key: string, value: string) {
  const sqlite = preparedStatement<Record<string, unknown>>(`${PLAN.replace(/\)$/, ' ORDER BY 4)')}
    SELECT p.i AS i, t.${key} AS k, sum(t.${value} * p.sign) AS n
    ${planned(table)}
    GROUP BY 1, 2`);
  return async (s: Scope): Promise<Keyed<K>> => {
    const rows =
      engineKind() === 'pg'
        ? await rawRows<Keyed<K>[number]>(sql`
            SELECT p.i AS i, t.${sql.raw(key)} AS k, sum(t.${sql.raw(value)} * p.sign) AS n
            ${pgPlanned(s, table)}
            GROUP BY 1, 2`)
        : await withSqliteClient(() => sqlite().all(params(s)) as Keyed<K>);
    return rows.filter((r) => r.n !== 0);
  };
}
function folded<K>(table: string, key: string, value: string) {
  const read = rangeRead(table, [key, value]);
  return async (s: Scope): Promise<Keyed<K>> => {
    const sums = new Map<number, Map<K, number>>();
    fold(s.plan, await read(s), (i, sign, [, , k, n]) => {
      let m = sums.get(i);
      if (!m) sums.set(i, (m = new Map()));
      m.set(k as K, (m.get(k as K) ?? 0) + sign * (n as number));
    });
    const out: Keyed<K> = [];
    for (const [i, m] of sums) for (const [k, n] of m) if (n !== 0) out.push({ i, k, n });
    return out;
  };
}

/** Failed deliveries per bucket index and reason ('' when none was recorded), for whole periods. */
export const reasonsByBucket = summed<string>('rollup_reasons', 'reason', 'failed');
/** Finished attempts per bucket index and duration bucket (`rollup_answer_times.ms_bucket`), for whole periods. */
export const answerTimesByBucket = summed<number>('rollup_answer_times', 'ms_bucket', 'n');
/** Refused website requests per bucket index (bars) and cause. */
export const refusalsByBucket = folded<RefusalCause>('collector_refusals', 'cause', 'n');

const worthRows = rangeRead('rollup_worth', ['currency', 'orders', 'revenue', 'carts'], true);

export interface WorthRow {
  i: number;
  /** '' when the events name none. */
  currency: string;
  orders: number;
  /** In ten-thousandths of the currency (the rollup's integer). */
  revenue: number;
  carts: number;
}

/** PURCHASE orders and revenue and CART events per bucket index and currency. */
export async function worthByBucket(s: Scope, basis: OverviewBasis): Promise<WorthRow[]> {
  // Per currency, then per bucket index: no key text built per row.
  const sums = new Map<string, Map<number, WorthRow>>();
  fold(s.plan, await worthRows(s, basis), (i, sign, [, , currency, orders, revenue, carts]) => {
    let ofCurrency = sums.get(currency as string);
    if (!ofCurrency) sums.set(currency as string, (ofCurrency = new Map()));
    let r = ofCurrency.get(i);
    if (!r) ofCurrency.set(i, (r = { i, currency: currency as string, orders: 0, revenue: 0, carts: 0 }));
    r.orders += sign * (orders as number);
    r.revenue += sign * (revenue as number);
    r.carts += sign * (carts as number);
  });
  return [...sums.values()].flatMap((ofCurrency) => [...ofCurrency.values()]);
}

// The most purchased products of a period, in a time that does not grow with the shop's catalogue or the
// history: the candidates are the 10 most purchased products of each whole week in the period
// (rollup_products_weekly_top_idx; weeks of UTC days, day / 7) and of each day outside those weeks
// (rollup_products_top_idx), the 30 that those lists name most are counted exactly over the whole period
// (a seek each on the primary key of the day rows), and the top ones of those are the answer. Their counts
// are exact; a product is missed only if it never made a week's or an edge day's top ten yet would rank in
// the period's, which takes a catalogue where many products sell about equally (then which of them is
// listed matters little).
// Both engines must pick the same candidates, and an engine's order among equal counts is its own: a
// list is every product with at least the tenth count (the ten and those tied with the tenth: a range of
// the top index, which carries the product's name, so the list never reads the table), and the lists' 30
// and the answer break ties by the product's name in byte order (SQLite's binary collation, PostgreSQL's
// "C"), among rows already sorted. Weeks, because of the ties: in a shop whose products sell about once a
// day each, a day's tenth count is 1 and its list is every product it sold that day (18,000 index entries
// for 90 days of one integration at a million deliveries, most of the overview's time); a week's counts
// spread out and far fewer of them tie (the same query went from 9.3 to 2.2 ms).
const LIST = 10;
const CANDIDATES = 30;
/** A list of `table` (a fixed name) for one `unit` (day or week): its rows with at least the tenth count. */
const listOf = (table: string, unit: 'day' | 'week', from: string) => `
    SELECT c.product, c.n FROM ${from} JOIN ${table} c
      ON c.basis = @basis AND c.integration_id = @integration AND c.${unit} = ${from}.${unit} AND c.n >= coalesce((
        SELECT n FROM ${table}
        WHERE basis = @basis AND integration_id = @integration AND ${unit} = ${from}.${unit} AND n > 0
        ORDER BY n DESC LIMIT 1 OFFSET ${LIST - 1}), 1)`;
const productsStatement = preparedStatement<Record<string, unknown>>(`
  WITH RECURSIVE days(day) AS (SELECT @first UNION ALL SELECT day + 1 FROM days WHERE day < @last),
  edge_days(day) AS (SELECT day FROM days WHERE day < @firstWeek * 7 OR day > @lastWeek * 7 + 6),
  weeks(week) AS (SELECT @firstWeek WHERE @firstWeek <= @lastWeek
    UNION ALL SELECT week + 1 FROM weeks WHERE week < @lastWeek),
  candidates AS MATERIALIZED (
    SELECT product FROM (${listOf('rollup_products', 'day', 'edge_days')}
      UNION ALL ${listOf('rollup_products_weekly', 'week', 'weeks')})
    GROUP BY product ORDER BY sum(n) DESC, product LIMIT ${CANDIDATES})
  SELECT t.product AS product, sum(t.n) AS count FROM candidates c JOIN rollup_products t
    ON t.basis = @basis AND t.integration_id = @integration AND t.product = c.product
      AND t.day BETWEEN @first AND @last
  GROUP BY t.product HAVING sum(t.n) > 0 ORDER BY count DESC, t.product LIMIT @limit`);

interface ProductsQuery {
  basis: OverviewBasis;
  first: number;
  last: number;
  /** The whole weeks inside first..last (none when firstWeek > lastWeek). */
  firstWeek: number;
  lastWeek: number;
  integration: number;
  limit: number;
}
/** PostgreSQL: a list of `table` (a fixed name) for each `unit` of `units`, as listOf. */
const pgListOf = (p: ProductsQuery, table: string, unit: 'day' | 'week', units: SQL) => sql`
  SELECT c.product, c.n FROM ${units} AS u (${sql.raw(unit)})
  CROSS JOIN LATERAL (
    SELECT product, n FROM ${sql.raw(table)}
    WHERE basis = ${p.basis} AND integration_id = ${p.integration} AND ${sql.raw(unit)} = u.${sql.raw(unit)} AND n >= coalesce((
      SELECT n FROM ${sql.raw(table)}
      WHERE basis = ${p.basis} AND integration_id = ${p.integration} AND ${sql.raw(unit)} = u.${sql.raw(unit)} AND n > 0
      ORDER BY n DESC OFFSET ${LIST - 1} LIMIT 1), 1)) c`;
const pgProducts = (p: ProductsQuery) =>
  rawRows<{ product: string; count: number }>(sql`
    WITH candidates AS MATERIALIZED (
      SELECT product FROM (
        ${pgListOf(
          p,
          'rollup_products',
          'day',
          sql`(SELECT day FROM generate_series(${p.first}::bigint, ${p.last}::bigint) AS d (day)
            WHERE day < ${p.firstWeek * 7} OR day > ${p.lastWeek * 7 + 6})`,
        )}
        UNION ALL
        ${pgListOf(p, 'rollup_products_weekly', 'week', sql`generate_series(${p.firstWeek}::bigint, ${p.lastWeek}::bigint)`)}
      ) listed
      GROUP BY product ORDER BY sum(n) DESC, product COLLATE "C" LIMIT ${CANDIDATES})
    -- Each candidate's count is a range of the primary key (an aggregate in LATERAL, which the planner
    -- keeps per candidate, where a join would read every product of the period's days).
    SELECT c.product AS product, t.count FROM candidates c CROSS JOIN LATERAL (
      SELECT sum(n) AS count FROM rollup_products
      WHERE basis = ${p.basis} AND integration_id = ${p.integration} AND product = c.product
        AND day BETWEEN ${p.first} AND ${p.last}) t
    WHERE t.count > 0 ORDER BY t.count DESC, c.product COLLATE "C" LIMIT ${p.limit}`);

/** The products PURCHASE events named most often in these UTC days. */
export async function topProducts(
  days: [number, number],
  integrationId: number | null,
  basis: OverviewBasis,
  limit: number,
): Promise<Array<{ product: string; count: number }>> {
  const [first, last] = days;
  // Week w is days 7w..7w+6; the whole ones inside first..last.
  const weeks = { firstWeek: Math.ceil(first / 7), lastWeek: Math.floor((last + 1) / 7) - 1 };
  const p = { basis, first, last, ...weeks, integration: scopeOf(integrationId), limit };
  if (engineKind() === 'pg') return pgProducts(p);
  return withSqliteClient(() => productsStatement().all(p) as Array<{ product: string; count: number }>);
}

// "Waiting now" reads the partial index rollup_sent_waiting_idx (only hours that still hold a waiting
// delivery), then the oldest waiting delivery from the first id of the oldest such hour (created_at grows
// with id, migration 0007): for all integrations the first row of each status on deliveries_status_idx
// (three seeks, whatever the backlog); for one, its own rows on deliveries_integration_idx, of which the
// first waiting one lies in that hour. Named on SQLite, whose planner otherwise walks every retrying row;
// PostgreSQL's takes the same indexes for the same queries without being told.
const WAITING = ['queued', 'sending', 'retrying'] as const;
const firstOfStatus = (status: string) => `
  SELECT * FROM (SELECT created_at FROM deliveries INDEXED BY deliveries_status_idx
    WHERE status = '${status}' AND id >= @firstId ORDER BY id LIMIT 1)`;
const oldestStatement = preparedStatement<Record<string, unknown>>(`
  SELECT min(created_at) AS at FROM (${WAITING.map(firstOfStatus).join(' UNION ALL ')})`);
const oldestOfIntegrationStatement = preparedStatement<Record<string, unknown>>(`
  SELECT created_at AS at FROM deliveries INDEXED BY deliveries_integration_idx
  WHERE integration_id = @integration AND id >= @firstId AND status IN ('queued', 'sending', 'retrying')
  ORDER BY id LIMIT 1`);

/** When the oldest waiting delivery with an id of `firstId` or more was written (null: none). */
async function oldestWaiting(integrationId: number | null, firstId: number): Promise<number | null> {
  if (engineKind() === 'pg') {
    const [row] = await rawRows<{ at: number | null }>(
      integrationId === null
        ? sql`SELECT min(created_at) AS at FROM (${sql.join(
            WAITING.map(
              (status) => sql`(SELECT created_at FROM deliveries
                WHERE status = ${status} AND id >= ${firstId} ORDER BY id LIMIT 1)`,
            ),
            sql` UNION ALL `,
          )}) AS firsts`
        : sql`SELECT created_at AS at FROM deliveries
            WHERE integration_id = ${integrationId} AND id >= ${firstId}
              AND status IN ('queued', 'sending', 'retrying')
            ORDER BY id LIMIT 1`,
    );
    return row?.at ?? null;
  }
  const row = await withSqliteClient(
    () =>
      (integrationId === null
        ? oldestStatement().get({ firstId })
        : oldestOfIntegrationStatement().get({ firstId, integration: integrationId })) as
        { at: number | null } | undefined,
  );
  return row?.at ?? null;
}

/**
 * How many deliveries wait now, and the first delivery written in the oldest hour that still holds a
 * waiting one (rollup_sent_waiting_idx, then one seek on deliveries_created_idx): one statement, where
 * two through drizzle's query builder cost the overview three times as long.
 */
const waitingNowSql = (integration: string) => `
  SELECT w.count AS count, (SELECT id FROM deliveries WHERE created_at >= w.hour * ${HOUR_MS}
    ORDER BY created_at, id LIMIT 1) AS "firstId"
  FROM (SELECT coalesce(sum(waiting), 0) AS count, min(bucket) AS hour FROM rollup_sent
    WHERE span_hours = 1 AND integration_id = ${integration} AND waiting <> 0) w`;
const waitingStatement = preparedStatement<[{ integration: number }]>(waitingNowSql('@integration'));

export async function waitingNow(
  integrationId: number | null,
): Promise<{ count: number; oldestAt: number | null }> {
  const integration = scopeOf(integrationId);
  const [w] =
    engineKind() === 'pg'
      ? await rawRows<{ count: number; firstId: number | null }>(
          // A whole number (scopeOf), written into the text like the statement's other constants.
          sql.raw(waitingNowSql(String(integration))),
        )
      : await withSqliteClient(
          () => waitingStatement().all({ integration }) as Array<{ count: number; firstId: number | null }>,
        );
  const count = Number(w?.count ?? 0);
  if (!count) return { count: 0, oldestAt: null };
  return { count, oldestAt: await oldestWaiting(integrationId, w?.firstId ?? 0) };
}

const firstDeliveryStatement = preparedStatement<[]>('SELECT min(created_at) AS at FROM deliveries');

/** When this console wrote its first delivery (null: never); one seek on deliveries_created_idx. */
export async function firstDeliveryAt(): Promise<number | null> {
  const [row] =
    engineKind() === 'pg'
      ? await rawRows<{ at: number | null }>(sql`SELECT min(created_at) AS at FROM deliveries`)
      : await withSqliteClient(() => firstDeliveryStatement().all() as Array<{ at: number | null }>);
  return row?.at ?? null;
}
