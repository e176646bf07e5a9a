import 'server-only';
import { eq, sql } from 'drizzle-orm';

import { engineKind, preparedStatement, schema } from '@/db';
import type { RefusalCause } from '@/db/enums';
import { logError } from '@/lib/log';
import { DEFAULT_ALLOWED_TYPES } from '@/lib/validations/collector';
import type { EventData } from '@/lib/validations/event';
import { toCollectorView, type CollectorView } from './collector-view';
import { deliveryValues, sqliteDeliveryInsert, sqliteDeliveryRecord } from './deliveries';
import { db, rawExecute, withSqliteClient } from './engine';
import { getIntegrationRow, newCollectorKey } from './integrations';

/** What the collector needs to know of an integration (lib/collector/handle.ts). */
export type CollectorIntegration = {
  id: number;
  name: string;
  enabled: boolean;
  /** Normalised patterns (lib/validations/origin.ts). */
  allowedOrigins: string[];
  /** Upper-case event types; the data layer passes DEFAULT_ALLOWED_TYPES when none are stored. */
  allowedTypes: string[];
  /** The integration's names for detail slots: the delivery's currency is read through them. */
  detailLabels?: Partial<Record<string, string>>;
};

/** One accepted collector event, as the collector hands it over to be stored. */
export type CollectDelivery = {
  integrationId: number;
  event: EventData;
  pageUrl: string | null;
  origin: string;
  userAgent: string | null;
};

export async function rotateCollectorKey(integrationId: number): Promise<CollectorView> {
  await getIntegrationRow(integrationId);
  await db()
    .update(schema.integrations)
    .set({ collectorKey: newCollectorKey(), updatedAt: Date.now() })
    .where(eq(schema.integrations.id, integrationId));
  return toCollectorView(await getIntegrationRow(integrationId));
}

// ---- The hot path: the custom server calls these for every collector request, so on SQLite they use
// prepared statements on the raw connection instead of building queries each time. PostgreSQL's
// round trip costs more than building the query: there they are drizzle's, one statement per need.

const findStatement = preparedStatement<[string]>(
  'select id, name, collector_enabled, collector_allowed_origins, collector_allowed_types, detail_labels from integrations where collector_key = ?',
);
type FoundIntegration = {
  id: number;
  name: string;
  enabled: boolean;
  origins: string[] | null;
  types: string[] | null;
  labels: Partial<Record<string, string>> | null;
};

async function findIntegrationByKey(key: string): Promise<FoundIntegration | undefined> {
  if (engineKind() === 'pg') {
    const i = schema.integrations;
    const [row] = await db()
      .select({
        id: i.id,
        name: i.name,
        enabled: i.collectorEnabled,
        origins: i.collectorAllowedOrigins,
        types: i.collectorAllowedTypes,
        labels: i.detailLabels,
      })
      .from(i)
      .where(eq(i.collectorKey, key))
      .limit(1);
    return row as FoundIntegration | undefined;
  }
  const row = await withSqliteClient(
    () =>
      findStatement().get(key) as
        | {
            id: number;
            name: string;
            collector_enabled: number;
            collector_allowed_origins: string | null;
            collector_allowed_types: string | null;
            detail_labels: string | null;
          }
        | undefined,
  );
  if (!row) return undefined;
  const json = <T>(text: string | null) => (text ? (JSON.parse(text) as T) : null);
  return {
    id: row.id,
    name: row.name,
    enabled: row.collector_enabled === 1,
    origins: json(row.collector_allowed_origins),
    types: json(row.collector_allowed_types),
    labels: json(row.detail_labels),
  };
}

export async function findCollectorIntegration(key: string): Promise<CollectorIntegration | undefined> {
  const row = await findIntegrationByKey(key);
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    allowedOrigins: row.origins ?? [],
    allowedTypes: row.types ?? [...DEFAULT_ALLOWED_TYPES],
    detailLabels: row.labels ?? {},
  };
}

type CollectingIntegration = Pick<CollectorIntegration, 'name' | 'detailLabels'>;

function collectedValues(
  d: CollectDelivery,
  integration: CollectingIntegration,
  now: number,
): typeof schema.deliveries.$inferInsert {
  return deliveryValues({
    integration: { id: d.integrationId, name: integration.name, detailLabels: integration.detailLabels },
    source: 'website',
    operation: 'add',
    event: d.event,
    pageUrl: d.pageUrl,
    origin: d.origin,
    userAgent: d.userAgent,
    now,
  });
}

// Group commit. Each SQLite commit rewrites the pages it touched in the WAL: the deliveries row and
// one page of each of its indexes, some 40 KB, and that cost, not the insert itself, was most of the
// collector's time (measured with --cpu-prof). Requests that arrive in the same turn of the event loop
// are written in one transaction, and each is answered only once its row is committed.
interface PendingInsert {
  values: typeof schema.deliveries.$inferInsert;
  resolve: () => void;
  reject: (err: unknown) => void;
}
let pending: PendingInsert[] = [];
// Refused website requests are counted, never stored one by one: counts per (hour, integration, cause)
// wait here for the next flush (at most one turn of the event loop, per instance; on PostgreSQL at most
// the flush in flight) and are added to collector_refusals with the accepted events (on SQLite in the
// same transaction, on PostgreSQL right after their insert).
let refusals = new Map<string, { hour: number; integrationId: number; cause: RefusalCause; n: number }>();
let scheduled = false;
/** PostgreSQL: a flush is being written (at most one at a time; see pgFlush). */
let flushing = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => void flush());
}

const refusalStatement = preparedStatement<Record<string, unknown>>(
  // Both tiers, for the integration and for -1, every integration together (db/schema.ts). The cast:
  // better-sqlite3 binds every JavaScript number as a REAL, so @hour / 24 was a fraction of a day
  // (20458.33), a day row no read ever named (migration 0018 rebuilt those rows).
  `insert into collector_refusals (span_hours, bucket, integration_id, cause, n)
   select s.span_hours, cast(@hour as integer) / s.span_hours, g.id, @cause, @n
   from rollup_spans s, (select @integrationId as id union all select -1) g where true
   on conflict (span_hours, bucket, integration_id, cause) do update set n = n + excluded.n`,
);

type RefusalCounts = typeof refusals;

/** SQLite: the whole flush on the connection, synchronously (nothing can run inside it). */
function sqliteFlush(batch: PendingInsert[], counts: RefusalCounts): void {
  const insert = sqliteDeliveryInsert();
  const refusal = refusalStatement();
  const writeRefusals = () => {
    for (const c of counts.values()) refusal.run(c);
  };
  const client = insert.database;
  try {
    client
      .transaction(() => {
        for (const p of batch) insert.run(sqliteDeliveryRecord(p.values));
        writeRefusals();
      })
      .immediate();
    for (const p of batch) p.resolve();
  } catch {
    // The whole transaction rolled back: write them one by one, so one bad row fails alone.
    for (const p of batch) {
      try {
        insert.run(sqliteDeliveryRecord(p.values));
        p.resolve();
      } catch (err) {
        p.reject(err);
      }
    }
    try {
      client.transaction(writeRefusals).immediate();
    } catch (err) {
      // Counters only: the refused requests were answered already; the log says what was lost.
      logError('collector refusal counters', err);
    }
  }
}

/**
 * PostgreSQL: the same upsert of both tiers, as one statement whose rows are summed per counter and
 * written in key order: every instance's flush touches the all-integrations rows (-1), and statements
 * taking them in different orders deadlocked. `n` qualified, as PostgreSQL finds a bare one ambiguous.
 */
async function pgRefusals(counts: RefusalCounts) {
  const all = [...counts.values()];
  if (all.length === 0) return;
  await rawExecute(sql`
    insert into collector_refusals (span_hours, bucket, integration_id, cause, n)
    select s.span_hours, c.hour / s.span_hours, g.id, c.cause, sum(c.n)
    from unnest(
        ${sql.param(all.map((c) => c.hour))}::bigint[],
        ${sql.param(all.map((c) => c.integrationId))}::bigint[],
        ${sql.param(all.map((c) => c.cause))}::text[],
        ${sql.param(all.map((c) => c.n))}::bigint[]
      ) as c (hour, integration_id, cause, n),
      rollup_spans s,
      lateral (select c.integration_id as id union all select -1) g
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict (span_hours, bucket, integration_id, cause)
    do update set n = collector_refusals.n + excluded.n`);
}

/**
 * PostgreSQL: the turn's rows as one multi-row INSERT that commits by itself, then the counters; one by
 * one if the insert fails, so a bad row fails alone. No transaction around them: every insert into
 * deliveries holds an advisory lock until it commits (migration 0002, created_at never going back), and
 * in a transaction the lock was held across the round trips to COMMIT, each waiting for a turn of this
 * busy event loop, while every other writer waited (the collector benchmark: 1.2 rows per transaction,
 * 35 ms a transaction waiting for the lock). The counters are counts only: on SQLite they share the
 * commit to save one, not because the two must be written together.
 */
async function pgFlush(batch: PendingInsert[], counts: RefusalCounts): Promise<void> {
  const insert = (values: Array<PendingInsert['values']>) => db().insert(schema.deliveries).values(values);
  // Every request is answered once the counters are written too, so whoever waits on an accepted event
  // also sees the refusals counted before it (as on SQLite, where both share the commit).
  const answers: Array<() => void> = [];
  if (batch.length) {
    try {
      await insert(batch.map((p) => p.values));
      for (const p of batch) answers.push(() => p.resolve());
    } catch {
      for (const p of batch) {
        try {
          await insert([p.values]);
          answers.push(() => p.resolve());
        } catch (err) {
          answers.push(() => p.reject(err));
        }
      }
    }
  }
  if (counts.size)
    await pgRefusals(counts).catch((err: unknown) => logError('collector refusal counters', err));
  for (const answer of answers) answer();
}

async function flush(): Promise<void> {
  scheduled = false;
  const pg = engineKind() === 'pg';
  // PostgreSQL: one flush at a time. Inserts into deliveries take turns on the advisory lock anyway, and
  // flushes started side by side each held a pooled connection waiting for it (the pool the collector's
  // integration look-up and the pages share); what arrives meanwhile goes into the next, larger, flush.
  if (pg && flushing) return;
  const batch = pending;
  const counts = refusals;
  pending = [];
  refusals = new Map();
  flushing = pg;
  try {
    if (pg) await pgFlush(batch, counts);
    else await withSqliteClient(() => sqliteFlush(batch, counts));
  } catch (err) {
    // Not even the connection could be had: every waiting request hears it.
    for (const p of batch) p.reject(err);
  } finally {
    if (pg) {
      flushing = false;
      if (pending.length || refusals.size) schedule();
    }
  }
}

/** Writes an accepted website event as a queued delivery; resolves once it is committed. */
export function insertCollectedDelivery(
  d: CollectDelivery,
  integration: CollectingIntegration,
  now: number,
): Promise<void> {
  const values = collectedValues(d, integration, now);
  return new Promise((resolve, reject) => {
    pending.push({ values, resolve, reject });
    schedule();
  });
}

/** Counts one refused website request of an integration, written with the next group commit. */
export function countCollectorRefusal(integrationId: number, cause: RefusalCause, now: number): void {
  const hour = Math.floor(now / 3_600_000);
  const key = `${hour}:${integrationId}:${cause}`;
  const c = refusals.get(key);
  if (c) c.n++;
  else refusals.set(key, { hour, integrationId, cause, n: 1 });
  schedule();
}
