import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { config } from '@/lib/config';
import { deriveKey, keyCheckValue, open, seal } from '@/lib/secret-box';

/**
 * Loads the key that encrypts secrets at rest: APP_SECRET_KEY when set, otherwise a random key
 * generated once into DATA_DIR/secret.key with mode 0600 (product.md, Configuration).
 */
export function loadSecretKey(secret = config().appSecretKey, dataDir = config().dataDir): Buffer {
  if (secret) return deriveKey(secret);
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails when the file exists, so two processes starting together keep one key.
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return deriveKey(fs.readFileSync(file, 'utf8').trim());
}

/** Where this process's key comes from, in the words a sentence about it needs (never the key). */
export function secretKeySource(secret = config().appSecretKey, dataDir = config().dataDir): string {
  return secret ? 'APP_SECRET_KEY' : `The key in ${path.join(dataDir, 'secret.key')}`;
}

const globalForKey = globalThis as unknown as { __smSecretKey?: Buffer };
function key(): Buffer {
  globalForKey.__smSecretKey ??= loadSecretKey();
  return globalForKey.__smSecretKey;
}

/** This process's key check value (lib/secret-box.ts keyCheckValue): the same on every instance sharing a key. */
export function appKeyCheckValue(): string {
  return keyCheckValue(key());
}

export function encryptSecret(plain: string): string {
  return seal(plain, key());
}

export function decryptSecret(envelope: string): string {
  return open(envelope, key());
}

/**
 * A MAC of `text` with a key derived from the app's secret key for one `purpose`, so a signature made
 * for one use (e.g. device cookies) is never valid for another, and the encryption key is not reused as is.
 */
export function signWithAppKey(purpose: string, text: string): string {
  const purposeKey = createHmac('sha256', key()).update(purpose).digest();
  return createHmac('sha256', purposeKey).update(text).digest('base64url');
}

/** The last 4 characters, shown masked so an admin can tell which key is stored. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}
