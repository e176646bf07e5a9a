import 'server-only';
import type { Statement } from 'better-sqlite3';
import { eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import type { CollectDelivery, CollectorIntegration } from '@/lib/collector/handle';
import { DEFAULT_ALLOWED_TYPES } from '@/lib/validations/collector';
import { toCollectorView, type CollectorView } from './collector-view';
import { deliveryValues } from './deliveries';
import { getIntegrationRow, newCollectorKey } from './integrations';

export function rotateCollectorKey(integrationId: number): CollectorView {
  getIntegrationRow(integrationId);
  getDb()
    .update(schema.integrations)
    .set({ collectorKey: newCollectorKey(), updatedAt: Date.now() })
    .where(eq(schema.integrations.id, integrationId))
    .run();
  return toCollectorView(getIntegrationRow(integrationId));
}

// ---- The hot path: the custom server calls these for every collector request, so they use
// prepared statements on the raw connection instead of building queries each time.

interface Prepared {
  find: Statement<[string]>;
  insert: Statement<Record<string, unknown>>;
}

const globalForCollector = globalThis as unknown as { __smCollectorStatements?: Prepared };

function prepared(): Prepared {
  if (globalForCollector.__smCollectorStatements) return globalForCollector.__smCollectorStatements;
  const sqlite = getDb().$client;
  const columns = Object.keys(
    deliveryValues({
      integration: { id: 0, name: '' },
      source: 'website',
      operation: 'add',
      event: { type: 'OTHER', email: 'x@example.com' } as CollectDelivery['event'],
    }),
  );
  const toSql = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  globalForCollector.__smCollectorStatements = {
    find: sqlite.prepare(
      'select id, name, collector_enabled, collector_allowed_origins, collector_allowed_types from integrations where collector_key = ?',
    ),
    insert: sqlite.prepare(
      `insert into deliveries (${columns.map(toSql).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
    ),
  };
  return globalForCollector.__smCollectorStatements;
}

export function findCollectorIntegration(key: string): CollectorIntegration | undefined {
  const row = prepared().find.get(key) as
    | {
        id: number;
        name: string;
        collector_enabled: number;
        collector_allowed_origins: string | null;
        collector_allowed_types: string | null;
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
  };
}

/** Writes an accepted website event as a queued delivery (one prepared insert). */
export function insertCollectedDelivery(d: CollectDelivery, integrationName: string, now: number): void {
  const values = deliveryValues({
    integration: { id: d.integrationId, name: integrationName },
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
  prepared().insert.run(row);
}
