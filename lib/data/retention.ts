import 'server-only';
import { asc, eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { getIntegrationRowSync } from './integrations';
import { parseOrThrow } from '@/lib/validations/parse';
import {
  integrationRetentionSchema,
  RETENTION_DEFAULTS,
  retentionSettingsSchema,
  type IntegrationRetention,
  type RetentionSettings,
} from '@/lib/validations/retention';
import { readSettingSync, writeSettingSync } from './settings';

/** What the last retention run removed (shown on the retention screen; the audit log has each run). */
export interface RetentionRun {
  at: number;
  bodies: number;
  deliveries: number;
  /** Bytes the database file gave back to the disk. */
  freedBytes: number;
}

export interface RetentionView {
  global: RetentionSettings;
  integrations: Array<{ id: number; name: string } & IntegrationRetention>;
  lastRun: RetentionRun | null;
}

function globalRetentionSync(): RetentionSettings {
  return readSettingSync<RetentionSettings>('retention') ?? { ...RETENTION_DEFAULTS };
}

function getRetentionSync(): RetentionView {
  const integrations = getDb()
    .select({
      id: schema.integrations.id,
      name: schema.integrations.name,
      bodiesDays: schema.integrations.retentionBodiesDays,
      deliveriesDays: schema.integrations.retentionDeliveriesDays,
    })
    .from(schema.integrations)
    .orderBy(asc(schema.integrations.name), asc(schema.integrations.id))
    .all();
  return {
    global: globalRetentionSync(),
    integrations,
    lastRun: readSettingSync<RetentionRun>('retention.lastRun') ?? null,
  };
}

export async function getRetention(): Promise<RetentionView> {
  return getRetentionSync();
}

export async function updateGlobalRetention(input: unknown): Promise<RetentionSettings> {
  const value = parseOrThrow(retentionSettingsSchema, input);
  writeSettingSync('retention', value);
  return value;
}

export async function updateIntegrationRetention(id: number, input: unknown): Promise<IntegrationRetention> {
  const value = parseOrThrow(integrationRetentionSchema, input);
  getIntegrationRowSync(id);
  getDb()
    .update(schema.integrations)
    .set({ retentionBodiesDays: value.bodiesDays, retentionDeliveriesDays: value.deliveriesDays })
    .where(eq(schema.integrations.id, id))
    .run();
  return value;
}

export async function recordRetentionRun(run: RetentionRun): Promise<void> {
  writeSettingSync('retention.lastRun', run);
}

const DAY_MS = 86_400_000;

/** One slice of the history with its own cut-offs: an integration, or deliveries whose integration is gone. */
export interface RetentionScope {
  integrationId: number | null;
  bodiesBefore: number;
  deliveriesBefore: number;
}

/**
 * The cut-offs per integration (its override, else the console-wide value). Bodies never outlive their
 * delivery, whichever of the two values came from where.
 */
export async function retentionScopes(now = Date.now()): Promise<RetentionScope[]> {
  const g = globalRetentionSync();
  const scope = (integrationId: number | null, bodies: number | null, deliveries: number | null) => {
    const deliveriesDays = deliveries ?? g.deliveriesDays;
    const bodiesDays = Math.min(bodies ?? g.bodiesDays, deliveriesDays);
    return {
      integrationId,
      bodiesBefore: now - bodiesDays * DAY_MS,
      deliveriesBefore: now - deliveriesDays * DAY_MS,
    };
  };
  return [
    ...getRetentionSync().integrations.map((i) => scope(i.id, i.bodiesDays, i.deliveriesDays)),
    scope(null, null, null),
  ];
}
