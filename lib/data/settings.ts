import 'server-only';
import { eq } from 'drizzle-orm';

import { schema } from '@/db';
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
