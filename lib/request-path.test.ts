import { describe, expect, it } from 'vitest';

import { safeNextPath } from './request-path';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeNextPath', () => {
  it.each([
    ['/integrations', '/integrations'],
    ['/deliveries?status=failed&q=a%20b', '/deliveries?status=failed&q=a%20b'],
    ['/deliveries/12#attempts', '/deliveries/12#attempts'],
    [`${ORIGIN}/users`, '/users'],
    // Same origin, so harmless: the encoded slashes stay encoded and name a path, not a host.
    ['/%2F%2Fevil.test', '/%2F%2Fevil.test'],
    ['/./evil.test', '/evil.test'],
    // NUL is not one of the characters the parser drops: it stays in the path, encoded.
    ['/\u0000/evil.test', '/%00/evil.test'],
  ])('keeps the console path %j as %j', (value, expected) => {
    expect(safeNextPath(value, ORIGIN)).toBe(expected);
  });

  it.each([
    '/\t/evil.test/phish',
    '/\n/evil.test',
    '/\r/evil.test',
    '/\r\n/evil.test',
    '\t//evil.test',
    '//evil.test',
    '///evil.test',
    ' //evil.test',
    '/\\evil.test',
    '\\\\evil.test',
    '\\/evil.test',
    '/./\\evil.test',
    '/.//evil.test',
    '/%2e//evil.test',
    'http://evil.test',
    'https://evil.test/phish',
    'https:evil.test',
    'https:/evil.test',
    'HTTP://evil.test',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://127.0.0.1:3001/',
    'https://127.0.0.1:3000/',
    `http://user:pass@127.0.0.1:3000/`,
    'http://[::1',
  ])('refuses %j (another origin or unparsable) with /', (value) => {
    expect(safeNextPath(value, ORIGIN)).toBe('/');
  });

  it('does not decode %2F%2F into a host-relative path', () => {
    expect(safeNextPath('%2F%2Fevil.test', ORIGIN)).toBe('/%2F%2Fevil.test');
  });

  it.each(['/login', '/login?next=/users', '/setup', '/api/auth/me', '/api'])(
    'does not return to %j after signing in',
    (value) => {
      expect(safeNextPath(value, ORIGIN)).toBe('/');
    },
  );

  it.each([null, undefined, ''])('answers / for %j', (value) => {
    expect(safeNextPath(value, ORIGIN)).toBe('/');
  });

  it.each([
    '/users\r\nSet-Cookie: a=b',
    '/users\u0000x',
    '/users?q=\u0000\u0007',
    '/ünïcode path',
    '/users#\u0001',
  ])('answers a path that is a valid Location header for %j', (value) => {
    const path = safeNextPath(value, ORIGIN);
    expect(path.startsWith('/')).toBe(true);
    expect(path.startsWith('//')).toBe(false);
    // The header grammar (RFC 9110): visible ASCII only, no control characters or spaces.
    expect(path).toMatch(/^[\x21-\x7e]+$/);
    expect(() => new Headers({ Location: path })).not.toThrow();
  });
});
