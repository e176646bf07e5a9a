import 'server-only';
import { asc, eq } from 'drizzle-orm';

import { schema } from '@/db';
import { NotFoundError } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validations/parse';
import {
  integrationRetentionSchema,
  RETENTION_DEFAULTS,
  retentionSettingsSchema,
  type IntegrationRetention,
  type RetentionSettings,
} from '@/lib/validations/retention';
import { affectedRows, db } from './engine';
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

async function globalRetention(): Promise<RetentionSettings> {
  return (await readSetting<RetentionSettings>('retention')) ?? { ...RETENTION_DEFAULTS };
}

/** Each integration's overrides (null: the console-wide value), by name. */
async function integrationRetention(): Promise<RetentionView['integrations']> {
  const t = schema.integrations;
  return db()
    .select({
      id: t.id,
      name: t.name,
      bodiesDays: t.retentionBodiesDays,
      deliveriesDays: t.retentionDeliveriesDays,
    })
    .from(t)
    .orderBy(asc(t.name), asc(t.id));
}

export async function getRetention(): Promise<RetentionView> {
  return {
    global: await globalRetention(),
    integrations: await integrationRetention(),
    lastRun: (await readSetting<RetentionRun>('retention.lastRun')) ?? null,
  };
}

export async function updateGlobalRetention(input: unknown): Promise<RetentionSettings> {
  const value = parseOrThrow(retentionSettingsSchema, input);
  await writeSetting('retention', value);
  return value;
}

/** Sets an integration's overrides; 404 when there is no such integration. */
export async function updateIntegrationRetention(id: number, input: unknown): Promise<IntegrationRetention> {
  const value = parseOrThrow(integrationRetentionSchema, input);
  const t = schema.integrations;
  const result = await db()
    .update(t)
    .set({ retentionBodiesDays: value.bodiesDays, retentionDeliveriesDays: value.deliveriesDays })
    .where(eq(t.id, id));
  if (!affectedRows(result))
    throw new NotFoundError('This integration does not exist (it may have been deleted).');
  return value;
}

export async function recordRetentionRun(run: RetentionRun): Promise<void> {
  await writeSetting('retention.lastRun', run);
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
  const g = await globalRetention();
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
    ...(await integrationRetention()).map((i) => scope(i.id, i.bodiesDays, i.deliveriesDays)),
    scope(null, null, null),
  ];
}
