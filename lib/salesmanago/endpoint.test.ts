import { describe, expect, it } from 'vitest';

import { isSalesmanagoHost, normalizeEndpoint, SALESMANAGO_DOMAINS } from './endpoint';

const opts = {
  allowedHosts: ['proxy.internal:8080', '127.0.0.1:4010', 'mock.test'],
  sandboxUrl: 'http://localhost:3000/sandbox',
};
const norm = (input: string, o = opts) => normalizeEndpoint(input, o);

describe('accepted endpoints', () => {
  it.each([
    ['app3.salesmanago.com', 'https://app3.salesmanago.com', 'app3.salesmanago.com'],
    ['https://app3.salesmanago.com', 'https://app3.salesmanago.com', 'app3.salesmanago.com'],
    ['https://app3.salesmanago.com/', 'https://app3.salesmanago.com', 'app3.salesmanago.com'],
    ['https://app3.salesmanago.com/api', 'https://app3.salesmanago.com', 'app3.salesmanago.com'],
    ['https://app3.salesmanago.com/api/', 'https://app3.salesmanago.com', 'app3.salesmanago.com'],
    ['  HTTPS://APP2.SalesManago.PL/API  ', 'https://app2.salesmanago.pl', 'app2.salesmanago.pl'],
    ['www.salesmanago.pl/api', 'https://www.salesmanago.pl', 'www.salesmanago.pl'],
    ['salesmanago.com', 'https://salesmanago.com', 'salesmanago.com'],
    ['app2.manago.ai', 'https://app2.manago.ai', 'app2.manago.ai'],
    ['https://app2.emlgrid.com', 'https://app2.emlgrid.com', 'app2.emlgrid.com'],
    ['https://app3.salesmanago.com:443', 'https://app3.salesmanago.com', 'app3.salesmanago.com'],
  ])('%s → %s', (input, url, host) => {
    expect(norm(input)).toEqual({ ok: true, url, host, kind: 'salesmanago' });
  });

  it.each([
    'http://localhost:3000/sandbox',
    'http://localhost:3000/sandbox/',
    'http://LOCALHOST:3000/sandbox',
    'http://localhost:3000/sandbox/api',
    'localhost:3000/sandbox',
  ])('the sandbox: %s', (input) => {
    expect(norm(input)).toEqual({
      ok: true,
      url: 'http://localhost:3000/sandbox',
      host: 'localhost:3000',
      kind: 'sandbox',
    });
  });

  it.each([
    ['http://proxy.internal:8080', 'http://proxy.internal:8080', 'proxy.internal:8080'],
    ['https://proxy.internal:8080/api/', 'https://proxy.internal:8080', 'proxy.internal:8080'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010', '127.0.0.1:4010'],
    ['http://mock.test', 'http://mock.test', 'mock.test'],
    ['mock.test', 'https://mock.test', 'mock.test'],
  ])('an allowed host: %s', (input, url, host) => {
    expect(norm(input)).toEqual({ ok: true, url, host, kind: 'allowed' });
  });
});

describe('refused endpoints', () => {
  it('refuses http on SALESmanago hosts instead of silently upgrading', () => {
    const result = norm('http://app2.salesmanago.pl');
    expect(result).toEqual({
      ok: false,
      message: 'SALESmanago endpoints must use https: change it to https://app2.salesmanago.pl.',
    });
  });

  it.each([
    ['https://user:pass@app3.salesmanago.com', /user name or password/],
    ['https://app3.salesmanago.com/?a=1', /"\?" or "#"/],
    ['https://app3.salesmanago.com?', /"\?" or "#"/],
    ['https://app3.salesmanago.com/#x', /"\?" or "#"/],
    ['https://app3.salesmanago.com/api/v2/contact', /without "\/api\/v2\/contact"/],
    ['https://app3.salesmanago.com/static/sm.js', /Enter only the server address/],
    ['https://app3.salesmanago.com:8443', /do not use a port number: remove ":8443"/],
    ['https://salesmanago.com.evil.com', /salesmanago\.com\.evil\.com is not a SALESmanago server/],
    ['https://evilsalesmanago.com', /evilsalesmanago\.com is not a SALESmanago server/],
    ['https://app3.salesmanago.com.', /is not a SALESmanago server/],
    ['https://93.184.216.34', /An IP address \(93\.184\.216\.34\) is not a SALESmanago endpoint/],
    ['http://[::1]:8080', /An IP address \(\[::1\]\)/],
    ['http://127.0.0.1:4011', /IP address/],
    ['http://proxy.internal', /proxy\.internal is not a SALESmanago server/],
    ['http://mock.test:9999', /mock\.test:9999 is not a SALESmanago server/],
    ['ftp://app3.salesmanago.com', /must start with https:\/\//],
    ['javascript://app3.salesmanago.com', /must start with https:\/\//],
    ['app3 salesmanago com', /spaces/],
    ['https://app3.salesmanago.com\\@evil.com', /backslashes/],
    ['http://localhost:3000/other', /Enter only the server address/],
    ['https://localhost:3000/sandbox', /Enter only the server address/],
    ['http://localhost:3001/sandbox', /Enter only the server address/],
    ['https://', /not a web address/],
  ])('%s', (input, message) => {
    const result = norm(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('asks for an endpoint when empty', () => {
    expect(norm('  ')).toEqual({
      ok: false,
      message: 'Enter the SALESmanago endpoint, e.g. app3.salesmanago.com.',
    });
  });

  it('lists what is accepted in plain words', () => {
    const result = norm('https://example.com');
    expect(result).toEqual({
      ok: false,
      message:
        'example.com is not a SALESmanago server. Accepted: a SALESmanago server over https (*.salesmanago.com, *.salesmanago.pl, *.manago.ai, *.emlgrid.com, e.g. app3.salesmanago.com), the built-in sandbox (http://localhost:3000/sandbox) or these hosts allowed by your administrator: proxy.internal:8080, 127.0.0.1:4010, mock.test.',
    });
    const bare = normalizeEndpoint('https://example.com', {
      allowedHosts: [],
      sandboxUrl: 'http://localhost:3000/sandbox',
    });
    expect(bare.ok ? '' : bare.message).toMatch(
      /e\.g\. app3\.salesmanago\.com\) or the built-in sandbox \(http:\/\/localhost:3000\/sandbox\)\.$/,
    );
  });

  it('compares allowed hosts with their port (a bare host means the default port)', () => {
    const o = {
      allowedHosts: ['http://Proxy.Internal:80/', ' '],
      sandboxUrl: 'http://localhost:3000/sandbox',
    };
    expect(normalizeEndpoint('http://proxy.internal', o)).toMatchObject({
      ok: true,
      kind: 'allowed',
      url: 'http://proxy.internal',
    });
    expect(normalizeEndpoint('http://proxy.internal:81', o).ok).toBe(false);
  });
});

describe('isSalesmanagoHost', () => {
  it('matches the apex and subdomains on a dot boundary', () => {
    for (const d of SALESMANAGO_DOMAINS) {
      expect(isSalesmanagoHost(d)).toBe(true);
      expect(isSalesmanagoHost(`app9.${d}`)).toBe(true);
      expect(isSalesmanagoHost(`x${d}`)).toBe(false);
      expect(isSalesmanagoHost(`${d}.evil.com`)).toBe(false);
    }
  });
});
