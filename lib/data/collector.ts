import 'server-only';
import { eq } from 'drizzle-orm';

import { getDb, preparedStatement, schema, writeTransaction } from '@/db';
import type { RefusalCause } from '@/db/enums';
import { logError } from '@/lib/log';
import { DEFAULT_ALLOWED_TYPES } from '@/lib/validations/collector';
import type { EventData } from '@/lib/validations/event';
import { toCollectorView, type CollectorView } from './collector-view';
import { deliveryValues } from './deliveries';
import { getIntegrationRowSync, newCollectorKey } from './integrations';

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
  getIntegrationRowSync(integrationId);
  getDb()
    .update(schema.integrations)
    .set({ collectorKey: newCollectorKey(), updatedAt: Date.now() })
    .where(eq(schema.integrations.id, integrationId))
    .run();
  return toCollectorView(getIntegrationRowSync(integrationId));
}

// ---- The hot path: the custom server calls these for every collector request, so they use
// prepared statements on the raw connection instead of building queries each time.

const deliveryColumns = Object.keys(
  deliveryValues({
    integration: { id: 0, name: '' },
    source: 'website',
    operation: 'add',
    event: { type: 'OTHER', email: 'x@example.com' } as CollectDelivery['event'],
  }),
);
const toSql = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const findStatement = preparedStatement<[string]>(
  'select id, name, collector_enabled, collector_allowed_origins, collector_allowed_types, detail_labels from integrations where collector_key = ?',
);
const insertStatement = preparedStatement<Record<string, unknown>>(
  `insert into deliveries (${deliveryColumns.map(toSql).join(', ')}) values (${deliveryColumns.map((c) => `@${c}`).join(', ')})`,
);

export async function findCollectorIntegration(key: string): Promise<CollectorIntegration | undefined> {
  const row = findStatement().get(key) as
    | {
        id: number;
        name: string;
        collector_enabled: number;
        collector_allowed_origins: string | null;
        collector_allowed_types: string | null;
        detail_labels: string | null;
      }
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    enabled: row.collector_enabled === 1,
    allowedOrigins: row.collector_allowed_origins
      ? (JSON.parse(row.collector_allowed_origins) as string[])
      : [],
    allowedTypes: row.collector_allowed_types
      ? (JSON.parse(row.collector_allowed_types) as string[])
      : [...DEFAULT_ALLOWED_TYPES],
    detailLabels: row.detail_labels ? (JSON.parse(row.detail_labels) as Partial<Record<string, string>>) : {},
  };
}

type CollectingIntegration = Pick<CollectorIntegration, 'name' | 'detailLabels'>;

function collectedRow(
  d: CollectDelivery,
  integration: CollectingIntegration,
  now: number,
): Record<string, unknown> {
  const values = deliveryValues({
    integration: { id: d.integrationId, name: integration.name, detailLabels: integration.detailLabels },
    source: 'website',
    operation: 'add',
    event: d.event,
    pageUrl: d.pageUrl,
    origin: d.origin,
    userAgent: d.userAgent,
    now,
  });
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    row[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v === undefined ? null : v;
  }
  return row;
}

// Group commit. Each SQLite commit rewrites the pages it touched in the WAL: the deliveries row and
// one page of each of its indexes, some 40 KB, and that cost, not the insert itself, was most of the
// collector's time (measured with --cpu-prof). Requests that arrive in the same turn of the event loop
// are written in one transaction, and each is answered only once its row is committed.
interface PendingInsert {
  row: Record<string, unknown>;
  resolve: () => void;
  reject: (err: unknown) => void;
}
let pending: PendingInsert[] = [];
// Refused website requests are counted, never stored one by one: counts per (hour, integration, cause)
// wait here for the same turn's flush (at most one turn of the event loop, per instance) and are added
// to collector_refusals in the same transaction as the accepted events.
let refusals = new Map<string, { hour: number; integrationId: number; cause: RefusalCause; n: number }>();
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(flush);
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

function writeRefusals(counts: typeof refusals): void {
  const statement = refusalStatement();
  for (const c of counts.values()) statement.run(c);
}

function flush(): void {
  scheduled = false;
  const batch = pending;
  const counts = refusals;
  pending = [];
  refusals = new Map();
  const insert = insertStatement();
  try {
    writeTransaction(() => {
      for (const p of batch) insert.run(p.row);
      writeRefusals(counts);
    });
    for (const p of batch) p.resolve();
  } catch {
    // The whole transaction rolled back: write them one by one, so one bad row fails alone.
    for (const p of batch) {
      try {
        insert.run(p.row);
        p.resolve();
      } catch (err) {
        p.reject(err);
      }
    }
    try {
      writeTransaction(() => writeRefusals(counts));
    } catch (err) {
      // Counters only: the refused requests were answered already; the log says what was lost.
      logError('collector refusal counters', err);
    }
  }
}

/** Writes an accepted website event as a queued delivery; resolves once it is committed. */
export function insertCollectedDelivery(
  d: CollectDelivery,
  integration: CollectingIntegration,
  now: number,
): Promise<void> {
  const row = collectedRow(d, integration, now);
  return new Promise((resolve, reject) => {
    pending.push({ row, resolve, reject });
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
