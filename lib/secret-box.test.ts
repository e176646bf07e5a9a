import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { deriveKey, open, seal } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never contains the plain text', () => {
    const envelope = seal('my-api-secret-123', key);
    expect(envelope).not.toContain('my-api-secret-123');
    expect(envelope.startsWith('v1.')).toBe(true);
    expect(open(envelope, key)).toBe('my-api-secret-123');
  });

  it('uses a fresh IV each time', () => {
    expect(seal('same', key)).not.toBe(seal('same', key));
  });

  it('refuses a tampered envelope or the wrong key', () => {
    const envelope = seal('secret', key);
    const parts = envelope.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('other').toString('base64url')].join('.');
    expect(() => open(tampered, key)).toThrow();
    expect(() => open(envelope, randomBytes(32))).toThrow();
    expect(() => open('garbage', key)).toThrow(/unknown format/);
  });

  it('derives 32-byte keys from hex or long passphrases and refuses short ones', () => {
    expect(deriveKey('ab'.repeat(32))).toHaveLength(32);
    expect(deriveKey('a passphrase that is long enough to use!')).toHaveLength(32);
    expect(() => deriveKey('short')).toThrow(/at least 32/);
  });
});
