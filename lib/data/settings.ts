import 'server-only';
import { eq } from 'drizzle-orm';

// eslint-disable-next-line no-restricted-syntax -- the …Sync twins below serve synchronous transaction bodies not yet moved (issue 17)
import { getDb, schema } from '@/db';

import { db } from './engine';

/** Names of the console-wide settings: one key per need, so a reader finds every use. */
export type SettingKey =
  | 'retention'
  | 'retention.lastRun'
  | 'exports.lastCleanup'
  | 'notifications'
  // Where the incident checks' scan of website events stopped (lib/data/incident-signals.ts).
  | 'incidents.websiteScan';

export async function readSetting<T>(key: SettingKey): Promise<T | undefined> {
  const [row] = await db()
    .select({ value: schema.appSettings.value })
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, key))
    .limit(1);
  return row ? (row.value as T) : undefined;
}

export async function writeSetting(key: SettingKey, value: unknown): Promise<void> {
  const now = Date.now();
  await db()
    .insert(schema.appSettings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: schema.appSettings.key, set: { value, updatedAt: now } });
}

// The synchronous twins stay while retention, notification settings and the incident checks read and
// write settings inside their synchronous transactions; they go when those modules move (issue 17).

export function readSettingSync<T>(key: SettingKey): T | undefined {
  // eslint-disable-next-line no-restricted-syntax -- synchronous twin, see above
  const row = getDb()
    .select({ value: schema.appSettings.value })
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, key))
    .get();
  return row ? (row.value as T) : undefined;
}

export function writeSettingSync(key: SettingKey, value: unknown): void {
  const now = Date.now();
  // eslint-disable-next-line no-restricted-syntax -- synchronous twin, see above
  getDb()
    .insert(schema.appSettings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: schema.appSettings.key, set: { value, updatedAt: now } })
    .run();
}
