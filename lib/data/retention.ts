import 'server-only';
import { asc, eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { getIntegrationRow } from './integrations';
import { parseOrThrow } from '@/lib/validations/parse';
import {
  integrationRetentionSchema,
  RETENTION_DEFAULTS,
  retentionSettingsSchema,
  type IntegrationRetention,
  type RetentionSettings,
} from '@/lib/validations/retention';
import { readSetting, writeSetting } from './settings';

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

export function globalRetention(): RetentionSettings {
  return readSetting<RetentionSettings>('retention') ?? { ...RETENTION_DEFAULTS };
}

export function getRetention(): RetentionView {
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
    global: globalRetention(),
    integrations,
    lastRun: readSetting<RetentionRun>('retention.lastRun') ?? null,
  };
}

export function updateGlobalRetention(input: unknown): RetentionSettings {
  const value = parseOrThrow(retentionSettingsSchema, input);
  writeSetting('retention', value);
  return value;
}

export function updateIntegrationRetention(id: number, input: unknown): IntegrationRetention {
  const value = parseOrThrow(integrationRetentionSchema, input);
  getIntegrationRow(id);
  getDb()
    .update(schema.integrations)
    .set({ retentionBodiesDays: value.bodiesDays, retentionDeliveriesDays: value.deliveriesDays })
    .where(eq(schema.integrations.id, id))
    .run();
  return value;
}

export function recordRetentionRun(run: RetentionRun): void {
  writeSetting('retention.lastRun', run);
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
export function retentionScopes(now = Date.now()): RetentionScope[] {
  const g = globalRetention();
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
    ...getRetention().integrations.map((i) => scope(i.id, i.bodiesDays, i.deliveriesDays)),
    scope(null, null, null),
  ];
}
