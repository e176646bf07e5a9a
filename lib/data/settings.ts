import 'server-only';
import { eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';

/** Names of the console-wide settings: one key per need, so a reader finds every use. */
export type SettingKey =
  | 'retention'
  | 'retention.lastRun'
  | 'exports.lastCleanup'
  | 'notifications'
  // Where the incident checks' scan of website events stopped (lib/data/incident-signals.ts).
  | 'incidents.websiteScan';

export function readSettingSync<T>(key: SettingKey): T | undefined {
  const row = getDb()
    .select({ value: schema.appSettings.value })
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, key))
    .get();
  return row ? (row.value as T) : undefined;
}

export function writeSettingSync(key: SettingKey, value: unknown): void {
  const now = Date.now();
  getDb()
    .insert(schema.appSettings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: schema.appSettings.key, set: { value, updatedAt: now } })
    .run();
}
