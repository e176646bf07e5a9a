import { describe, expect, it } from 'vitest';

import { normalizeOriginPattern, originAllowed } from './origin';

function pattern(input: string): string {
  const result = normalizeOriginPattern(input);
  if (!result.ok) throw new Error(`expected ${input} to be accepted: ${result.message}`);
  return result.pattern;
}

function refusal(input: string): string {
  const result = normalizeOriginPattern(input);
  if (result.ok) throw new Error(`expected ${input} to be refused, got ${result.pattern}`);
  return result.message;
}

describe('normalizeOriginPattern', () => {
  it('accepts exact origins and wildcard subdomains in the form browsers send', () => {
    expect(pattern('https://shop.example.com')).toBe('https://shop.example.com');
    expect(pattern('http://localhost:8080')).toBe('http://localhost:8080');
    expect(pattern('https://*.example.com')).toBe('https://*.example.com');
    expect(pattern('https://*.example.com:8443')).toBe('https://*.example.com:8443');
    expect(pattern('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
  });

  it('strips a trailing slash, lower-cases, drops the default port and encodes IDN hosts', () => {
    expect(pattern('  HTTPS://Shop.Example.COM/ ')).toBe('https://shop.example.com');
    expect(pattern('https://shop.example.com:443')).toBe('https://shop.example.com');
    expect(pattern('http://shop.example.com:80/')).toBe('http://shop.example.com');
    expect(pattern('https://*.Example.com/')).toBe('https://*.example.com');
    expect(pattern('https://bücher.example')).toBe('https://xn--bcher-kva.example');
  });

  it('refuses paths, queries and fragments', () => {
    expect(refusal('https://shop.example.com/checkout')).toMatch(/has a path.*https:\/\/shop\.example\.com/);
    expect(refusal('https://shop.example.com/?a=1')).toMatch(/has a path/);
    expect(refusal('https://shop.example.com#top')).toMatch(/has a path/);
  });

  it('refuses "any website"', () => {
    for (const input of ['*', 'https://*', 'http://*:8080', '*/']) {
      expect(refusal(input)).toMatch(/would allow every website/);
    }
  });

  it('refuses a missing or non-web scheme', () => {
    expect(refusal('shop.example.com')).toMatch(/needs its scheme/);
    expect(refusal('*.example.com')).toMatch(/needs its scheme/);
    expect(refusal('ftp://shop.example.com')).toMatch(/https:\/\/ or http:\/\//);
    expect(refusal('javascript://alert(1)')).toMatch(/https:\/\/ or http:\/\//);
  });

  it('refuses credentials', () => {
    expect(refusal('https://user:pass@shop.example.com')).toMatch(/user name or password/);
  });

  it('refuses wildcards that name no single site or sit anywhere but first', () => {
    expect(refusal('https://*.com')).toMatch(/too broad/);
    expect(refusal('https://*.localhost')).toMatch(/too broad/);
    expect(refusal('https://*.127.0.0.1')).toMatch(/too broad/);
    expect(refusal('https://shop.*.com')).toMatch(/first part/);
    expect(refusal('https://*shop.example.com')).toMatch(/first part/);
    expect(refusal('https://*.*.example.com')).toMatch(/first part/);
  });

  it('refuses empty and malformed input', () => {
    expect(refusal('')).toMatch(/Enter a website address/);
    expect(refusal('https://')).toMatch(/not a valid|no host/);
    expect(refusal('https://exa mple.com')).toMatch(/not a valid/);
    expect(refusal('https://example.com:99999')).toMatch(/not a valid/);
  });
});

describe('originAllowed', () => {
  const patterns = ['https://shop.example.com', 'http://localhost:8080', 'https://*.example.org'];

  it('matches exact origins by scheme, host and port', () => {
    expect(originAllowed('https://shop.example.com', patterns)).toBe(true);
    expect(originAllowed('http://localhost:8080', patterns)).toBe(true);
    expect(originAllowed('http://shop.example.com', patterns)).toBe(false);
    expect(originAllowed('https://shop.example.com:8443', patterns)).toBe(false);
    expect(originAllowed('http://localhost:3000', patterns)).toBe(false);
    expect(originAllowed('https://other.example.com', patterns)).toBe(false);
  });

  it('compares case-insensitively, as hosts are', () => {
    expect(originAllowed('HTTPS://Shop.Example.com', patterns)).toBe(true);
  });

  it('matches wildcard subdomains on a dot boundary only', () => {
    expect(originAllowed('https://a.example.org', patterns)).toBe(true);
    expect(originAllowed('https://a.b.example.org', patterns)).toBe(true);
    // The apex is not a subdomain: it has to be listed by itself.
    expect(originAllowed('https://example.org', patterns)).toBe(false);
    expect(originAllowed('https://evilexample.org', patterns)).toBe(false);
    expect(originAllowed('https://example.org.evil.net', patterns)).toBe(false);
    expect(originAllowed('https://a.example.org.evil.net', patterns)).toBe(false);
    expect(originAllowed('http://a.example.org', patterns)).toBe(false);
    expect(originAllowed('https://a.example.org:8443', patterns)).toBe(false);
    expect(originAllowed('https://.example.org', patterns)).toBe(false);
  });

  it('honours the port of a wildcard pattern', () => {
    const withPort = ['https://*.example.com:8443'];
    expect(originAllowed('https://a.example.com:8443', withPort)).toBe(true);
    expect(originAllowed('https://a.example.com', withPort)).toBe(false);
  });

  it('never allows a missing, opaque or malformed origin', () => {
    expect(originAllowed(null, patterns)).toBe(false);
    expect(originAllowed('null', patterns)).toBe(false);
    expect(originAllowed('', patterns)).toBe(false);
    expect(originAllowed('https://shop.example.com/', patterns)).toBe(false);
    expect(originAllowed('https://user@shop.example.com', patterns)).toBe(false);
    expect(originAllowed('https://shop.example.com', [])).toBe(false);
  });

  it('agrees with normalizeOriginPattern on what it stored', () => {
    const stored = ['https://Shop.Example.com/', 'https://*.Example.net'].map(pattern);
    expect(originAllowed('https://shop.example.com', stored)).toBe(true);
    expect(originAllowed('https://x.example.net', stored)).toBe(true);
  });
});
