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
  | 'incidents.websiteScan'
  // The key check value of the APP_SECRET_KEY the database was set up with (lib/data/key-check.ts).
  | 'secretKey.check';

/** Where lib/data/key-check.ts keeps the key check value; db:copy takes it along (copy-to-postgres.ts). */
export const KEY_CHECK_SETTING: SettingKey = 'secretKey.check';

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

/**
 * Stores `value` unless the key already holds one; returns what the key holds afterwards (this value,
 * or the one stored first). One statement decides, so of two processes starting together one wins.
 */
export async function writeSettingOnce<T>(key: SettingKey, value: T): Promise<T> {
  await db()
    .insert(schema.appSettings)
    .values({ key, value, updatedAt: Date.now() })
    .onConflictDoNothing({ target: schema.appSettings.key });
  return (await readSetting<T>(key)) as T;
}
