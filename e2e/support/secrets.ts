import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { deriveKey, open } from '@/lib/secret-box';
import { consoleRows, onPostgres } from './db';
import { DATA_DIR } from './env';

/** Credentials the specs type into the console; distinctive so a leak is unmistakable. */
export const TEST_API_KEY = 'e2eApiKey-7Hq2Vx9Lp4Zr';
export const TEST_API_SECRET = 'e2eApiSecret-Kd81mWq3Tz5N';
/** The sandbox account's secret after the incidents spec rotates it (and the one it enters to fix it). */
export const TEST_ROTATED_SECRET = 'e2eRotatedSecret-Pw4Xn8Qc2L';

/** The key the console encrypts secrets with: its generated file on SQLite, the runner's on PostgreSQL. */
function secretKey(): Buffer {
  return deriveKey(
    onPostgres
      ? process.env.E2E_APP_SECRET_KEY!
      : fs.readFileSync(path.join(DATA_DIR, 'secret.key'), 'utf8').trim(),
  );
}

/** The sandbox's own secret (generated at first start), read the way only the server could. */
export async function sandboxCredentials(): Promise<{ apiKey: string; apiSecret: string; clientId: string }> {
  const key = secretKey();
  const [row] = await consoleRows<{ client_id: string; api_key_enc: string; api_secret_enc: string }>(
    'select client_id, api_key_enc, api_secret_enc from integrations where is_sandbox order by id limit 1',
  );
  if (!row) throw new Error('no sandbox integration yet');
  return {
    clientId: row.client_id,
    apiKey: open(row.api_key_enc, key),
    apiSecret: open(row.api_secret_enc, key),
  };
}

/** The notification webhooks' signing secrets (shown once when made, never again), read like the server. */
async function webhookSecrets(): Promise<string[]> {
  const key = secretKey();
  const rows = await consoleRows<{ secret_enc: string }>('select secret_enc from notification_webhooks');
  return rows.map((r) => open(r.secret_enc, key));
}

/** Every value that must never appear in a response, page, log, export or the database file. */
export async function forbiddenStrings(): Promise<string[]> {
  const out = [TEST_API_KEY, TEST_API_SECRET, TEST_ROTATED_SECRET];
  try {
    const sb = await sandboxCredentials();
    out.push(sb.apiKey, sb.apiSecret, sha1(sb.apiKey + sb.clientId + sb.apiSecret));
    out.push(...(await webhookSecrets()));
  } catch {
    // Before the first start there is no sandbox yet: nothing of it can leak.
  }
  return out;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function findLeaks(text: string, secrets: string[]): string[] {
  return secrets.filter((s) => s && text.includes(s));
}
