import { describe, expect, it } from 'vitest';

import { authFields, computeSha, type Credentials } from './auth';

const creds: Credentials = {
  clientId: 'your-client-id-123',
  apiKey: 'your-api-key-123',
  apiSecret: 's3cr3t',
  owner: 'user@vendor.pl',
};

describe('computeSha', () => {
  it('is the lowercase hex SHA-1 of apiKey + clientId + apiSecret', () => {
    // Vector computed independently with `printf %s 'your-api-key-123your-client-id-123s3cr3t' | sha1sum`.
    expect(computeSha('your-api-key-123', 'your-client-id-123', 's3cr3t')).toBe(
      'de1d90f225ca92f9ef7870afb463ec28e12746cc',
    );
  });

  it('has the shape of the docs example (40 lowercase hex characters)', () => {
    const docsExample = '2aa3927a7dee8c2a712adb5375f5fa36dd8fe00c';
    expect(docsExample).toMatch(/^[0-9a-f]{40}$/);
    expect(computeSha('k', 'c', 's')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('depends on the concatenation order', () => {
    expect(computeSha('a', 'b', 'c')).toBe(computeSha('ab', '', 'c'));
    expect(computeSha('a', 'b', 'c')).not.toBe(computeSha('b', 'a', 'c'));
  });

  it('hashes non-ASCII secrets as UTF-8', () => {
    expect(computeSha('klucz', 'klient', 'sekret-ąę')).toBe('7fb0b728385d420bd796230d2d10a47257ea1b29');
  });
});

describe('authFields', () => {
  it('returns the five top-level auth fields with requestTime in milliseconds', () => {
    expect(authFields(creds, 1327056031488)).toEqual({
      clientId: 'your-client-id-123',
      apiKey: 'your-api-key-123',
      requestTime: 1327056031488,
      sha: 'de1d90f225ca92f9ef7870afb463ec28e12746cc',
      owner: 'user@vendor.pl',
    });
  });

  it('never includes the API secret', () => {
    const fields = authFields(creds, 1);
    expect(Object.keys(fields)).not.toContain('apiSecret');
    expect(JSON.stringify(fields)).not.toContain('s3cr3t');
  });

  it('defaults requestTime to now, as an integer', () => {
    const before = Date.now();
    const { requestTime } = authFields(creds);
    expect(requestTime).toBeGreaterThanOrEqual(before);
    expect(requestTime).toBeLessThanOrEqual(Date.now());
    expect(Number.isInteger(authFields(creds, 1700000000000.7).requestTime)).toBe(true);
  });
});
