import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelopes for secrets at rest: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 * Pure (the key is passed in) so tests and tools can use it; lib/crypto.ts supplies the app's key.
 */
const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

export function deriveKey(material: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(material)) return Buffer.from(material, 'hex');
  if (material.length < 32) {
    throw new Error('APP_SECRET_KEY must be at least 32 characters (or 64 hex characters).');
  }
  return createHash('sha256').update(material).digest();
}

/** What the key check value is a MAC of: fixed, so the same key always gives the same value. */
const KEY_CHECK_LABEL = 'SALESmanago console key check v1';

/**
 * A value that tells whether two consoles hold the same key without revealing it (issue 18): the
 * HMAC-SHA256 of a fixed label with the key, in hex. The database keeps the first one it was set up with
 * (lib/data/key-check.ts); a key whose value differs could not read the secrets stored with it.
 */
export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update(KEY_CHECK_LABEL).digest('hex');
}

export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), data].map((p) => p.toString('base64url'))].join('.');
}

export function open(envelope: string, key: Buffer): string {
  const [version, iv, tag, data] = envelope.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) {
    throw new Error('Stored secret has an unknown format.');
  }
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
