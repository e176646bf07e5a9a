import 'server-only';

import { getTableColumns } from 'drizzle-orm';

import { preparedStatement, schema } from '@/db';
import {
  DELIVERY_SOURCES,
  ROLLUP_EVENT_TYPES,
  type DeliverySource,
  type OverviewBasis,
  type RefusalCause,
} from '@/db/enums';
import { HOUR_MS, type PlanEntry } from './overview-period';

// The overview's reads of the rollup tables (db/schema.ts, kept by the triggers of migration 0014). Every
// read follows a plan (overview-period.ts: which day and hour rows make each bucket, and with which sign)
// passed as one JSON parameter: SQLite walks the plan and seeks each entry on the table's primary key,
// (span_hours, bucket, …), so a read costs the rows of its buckets, never the history. The SQL is
// SQLite's (json_each, ->>); a PostgreSQL version of this module would read jsonb_array_elements.

interface Scope {
  plan: PlanEntry[];
  /** null: every integration. */
  integrationId: number | null;
}

const params = (s: Scope) => ({ plan: JSON.stringify(s.plan), integration: s.integrationId });

/**
 * The plan as a table, read from its JSON once (MATERIALIZED: inlined, SQLite would parse the JSON again
 * for every rollup row it joins), then the rows of `table` (a fixed name, never input) it names.
 */
const PLAN = `WITH p AS MATERIALIZED (SELECT value ->> 0 AS span, value ->> 1 AS first, value ->> 2 AS last,
  value ->> 3 AS i, value ->> 4 AS sign FROM json_each(@plan))`;
const planned = (table: string) => `
  FROM p JOIN ${table} t ON t.span_hours = p.span AND t.bucket BETWEEN p.first AND p.last
  WHERE (@integration IS NULL OR t.integration_id = @integration)`;

// Every count column of rollup_sent (outcomes, sources, types), summed per bucket index.
const SENT_COLUMNS = Object.values(getTableColumns(schema.rollupSent))
  .map((c) => c.name)
  .filter((name) => !['span_hours', 'bucket', 'integration_id'].includes(name));
const sentStatement = preparedStatement<Record<string, unknown>>(`${PLAN}
  SELECT p.i AS i, ${SENT_COLUMNS.map((c) => `sum(t.${c} * p.sign) AS ${c}`).join(', ')}
  ${planned('rollup_sent')}
  GROUP BY 1`);

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

const TYPE_COLUMNS = [
  ...ROLLUP_EVENT_TYPES.map((t) => [`type_${t.toLowerCase()}`, t] as const),
  ['type_other', 'other'] as const,
];
const SOURCE_COLUMNS = DELIVERY_SOURCES.map((s) => [`source_${s}`, s] as const);

/** Deliveries per bucket index: their outcome now, and by type and source (the counts that are not 0). */
export function sentByBucket(s: Scope): Map<number, SentCounts> {
  const rows = sentStatement().all(params(s)) as Array<Record<string, number>>;
  const nonZero = <K extends string>(
    r: Record<string, number>,
    columns: ReadonlyArray<readonly [string, K]>,
  ) =>
    Object.fromEntries(columns.filter(([c]) => r[c]).map(([c, k]) => [k, r[c]!])) as Partial<
      Record<K, number>
    >;
  return new Map(
    rows.map((r) => [
      r.i!,
      {
        sent: r.sent!,
        delivered: r.delivered!,
        failed: r.failed!,
        unresolved: r.unresolved!,
        waiting: r.waiting!,
        cancelled: r.cancelled!,
        byType: nonZero(r, TYPE_COLUMNS) as Record<string, number>,
        bySource: nonZero(r, SOURCE_COLUMNS),
      },
    ]),
  );
}

const keyedStatement = (table: string, key: string, column: string) =>
  preparedStatement<Record<string, unknown>>(`${PLAN}
    SELECT p.i AS i, t.${key} AS k, sum(t.${column} * p.sign) AS n
    ${planned(table)}
    GROUP BY 1, 2`);

const statements = {
  reasons: keyedStatement('rollup_reasons', 'reason', 'failed'),
  answerTimes: keyedStatement('rollup_answer_times', 'ms_bucket', 'n'),
  refusals: keyedStatement('collector_refusals', 'cause', 'n'),
};

type Keyed<K> = Array<{ i: number; k: K; n: number }>;
const keyed =
  <K>(statement: () => { all(p: object): unknown[] }) =>
  (s: Scope): Keyed<K> =>
    (statement().all(params(s)) as Keyed<K>).filter((r) => r.n !== 0);

/** Failed deliveries per bucket index and reason ('' when none was recorded). */
export const reasonsByBucket = keyed<string>(statements.reasons);
/** Finished attempts per bucket index and duration bucket (`rollup_answer_times.ms_bucket`). */
export const answerTimesByBucket = keyed<number>(statements.answerTimes);
/** Refused website requests per bucket index and cause. */
export const refusalsByBucket = keyed<RefusalCause>(statements.refusals);

const worthStatement = preparedStatement<Record<string, unknown>>(`${PLAN}
  SELECT p.i AS i, t.currency AS currency, sum(t.orders * (p.sign)) AS orders,
    sum(t.revenue * (p.sign)) AS revenue, sum(t.carts * (p.sign)) AS carts
  ${planned('rollup_worth')} AND t.basis = @basis
  GROUP BY 1, 2`);

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
export function worthByBucket(s: Scope, basis: OverviewBasis): WorthRow[] {
  return worthStatement().all({ ...params(s), basis }) as WorthRow[];
}

const productsStatement = preparedStatement<Record<string, unknown>>(`
  SELECT product, sum(n) AS count FROM rollup_products
  WHERE basis = @basis AND day BETWEEN @first AND @last AND (@integration IS NULL OR integration_id = @integration)
  GROUP BY product HAVING sum(n) > 0 ORDER BY count DESC, product LIMIT @limit`);

/** The products PURCHASE events named most often in these UTC days. */
export function topProducts(
  days: [number, number],
  integrationId: number | null,
  basis: OverviewBasis,
  limit: number,
): Array<{ product: string; count: number }> {
  return productsStatement().all({
    basis,
    first: days[0],
    last: days[1],
    integration: integrationId,
    limit,
  }) as Array<{ product: string; count: number }>;
}

// "Waiting now" reads the partial index rollup_sent_waiting_idx (only hours that still hold a waiting
// delivery), then finds the oldest one inside the oldest such hour through deliveries_created_idx.
const waitingStatement = preparedStatement<Record<string, unknown>>(`
  SELECT coalesce(sum(waiting), 0) AS count, min(bucket) AS hour FROM rollup_sent
  WHERE span_hours = 1 AND waiting <> 0 AND (@integration IS NULL OR integration_id = @integration)`);
const oldestStatement = preparedStatement<Record<string, unknown>>(`
  SELECT min(created_at) AS at FROM deliveries
  WHERE created_at >= @from AND created_at < @to AND status IN ('queued', 'sending', 'retrying')
    AND (@integration IS NULL OR integration_id = @integration)`);

export function waitingNow(integrationId: number | null): { count: number; oldestAt: number | null } {
  const w = waitingStatement().get({ integration: integrationId }) as { count: number; hour: number | null };
  if (!w.count || w.hour === null) return { count: 0, oldestAt: null };
  const oldest = oldestStatement().get({
    from: w.hour * HOUR_MS,
    to: (w.hour + 1) * HOUR_MS,
    integration: integrationId,
  }) as { at: number | null };
  return { count: w.count, oldestAt: oldest.at };
}

// created_at grows with id (migration 0007): the first delivery is one seek on deliveries_created_idx.
const firstStatement = preparedStatement<[]>('SELECT min(created_at) AS at FROM deliveries');

/** When this console wrote its first delivery (null: never). */
export function firstDeliveryAt(): number | null {
  return (firstStatement().get() as { at: number | null }).at;
}
