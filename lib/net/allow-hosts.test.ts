import { describe, expect, it } from 'vitest';

import { isAllowedHost, parseAllowHosts } from './allow-hosts';

describe('parseAllowHosts', () => {
  it('reads host and host:port entries, IPv6 in brackets, and skips junk', () => {
    expect(
      parseAllowHosts(' 127.0.0.1:4000 , Staging.Shop.Test,[::1]:8080, ::1, bad host, x:99999, ,'),
    ).toEqual([
      { host: '127.0.0.1', port: 4000 },
      { host: 'staging.shop.test' },
      { host: '::1', port: 8080 },
      { host: '::1' },
    ]);
    expect(parseAllowHosts(undefined)).toEqual([]);
  });
});

describe('isAllowedHost', () => {
  const allow = parseAllowHosts('127.0.0.1:4000,shop.test,[::1]:443');

  it('matches the host as written, and the port when the entry names one', () => {
    expect(isAllowedHost(new URL('http://127.0.0.1:4000/x'), allow)).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:4001/x'), allow)).toBe(false);
    expect(isAllowedHost(new URL('http://shop.test:1234/'), allow)).toBe(true);
    expect(isAllowedHost(new URL('https://[::1]/'), allow)).toBe(true);
    expect(isAllowedHost(new URL('http://[::1]/'), allow)).toBe(false);
  });

  it('never matches another name for the same machine', () => {
    expect(isAllowedHost(new URL('http://localhost:4000/'), allow)).toBe(false);
    expect(isAllowedHost(new URL('http://shop.test.evil.example/'), allow)).toBe(false);
  });
});
