import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { parseAllowHosts } from './allow-hosts';
import { safeFetch, SafeFetchError, type SafeFetchOptions } from './safe-fetch';
import { pinnedLookup } from './target';

/*
 * Every connection in this file goes to a server started here on a loopback address. Names are
 * resolved by a fake resolver or are IP literals, so no DNS query leaves the machine either; the
 * private addresses below are only ever refused, which happens before any connection.
 */

type TestServer = { server: http.Server; port: number; origin: string; hits: string[] };

async function startServer(host: string, handler: http.RequestListener): Promise<TestServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, origin: `http://${host}:${port}`, hits };
}

const PAGE = '<!doctype html><html><body><p>Shop</p></body></html>';
let main: TestServer;
let other: TestServer;

beforeAll(async () => {
  other = await startServer('127.0.0.1', (_req, res) => res.end(PAGE));
  main = await startServer('127.0.0.1', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/page':
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(PAGE);
      case '/latin1':
        res.setHeader('content-type', 'text/html; charset=iso-8859-2');
        return res.end(Buffer.from([0x3c, 0x70, 0x3e, 0xb3, 0xf3, 0x64, 0xbc]));
      case '/gzip':
        res.setHeader('content-encoding', 'gzip');
        return res.end(gzipSync(PAGE));
      case '/relative':
        res.writeHead(302, { location: '/page' });
        return res.end();
      case '/loop':
        res.writeHead(301, { location: '/loop' });
        return res.end();
      case '/to-other':
        res.writeHead(302, { location: `${other.origin}/` });
        return res.end();
      case '/to-ftp':
        res.writeHead(302, { location: 'ftp://127.0.0.1/' });
        return res.end();
      case '/big':
        // Streamed without a length, so only counting the bytes can stop it.
        for (let i = 0; i < 50; i++) res.write('x'.repeat(1024));
        return res.end();
      case '/big-declared':
        res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        return res.write('x');
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.write('<html>');
      default:
        res.statusCode = 404;
        return res.end('missing');
    }
  });
});

afterAll(async () => {
  for (const s of [main, other]) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  main.hits.length = 0;
  other.hits.length = 0;
});

/** For refusals: a bug must fail the test, never reach the address (it may be outside loopback). */
function noConnections() {
  return vi.spyOn(http, 'request').mockImplementation(() => {
    throw new Error('This test must not open a connection.');
  });
}

const allowMain = (): SafeFetchOptions => ({ allowHosts: parseAllowHosts(`127.0.0.1:${main.port}`) });

async function refusal(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchError> {
  const err = await safeFetch(url, options).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SafeFetchError);
  return err as SafeFetchError;
}

describe('safeFetch on an allow-listed loopback server', () => {
  it('reads a page and says where it came from', async () => {
    // The same spy the refusals below rely on does see a real connection.
    const request = vi.spyOn(http, 'request');
    const result = await safeFetch(`${main.origin}/page`, allowMain());
    expect(request).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({
      url: `${main.origin}/page`,
      finalUrl: `${main.origin}/page`,
      status: 200,
      bytes: Buffer.byteLength(PAGE),
      body: PAGE,
    });
  });

  it('follows a relative redirect and reports the final address', async () => {
    const result = await safeFetch(`${main.origin}/relative`, allowMain());
    expect(result.finalUrl).toBe(`${main.origin}/page`);
    expect(main.hits).toEqual(['/relative', '/page']);
  });

  it('decompresses gzip and decodes the declared charset', async () => {
    expect((await safeFetch(`${main.origin}/gzip`, allowMain())).body).toBe(PAGE);
    expect((await safeFetch(`${main.origin}/latin1`, allowMain())).body).toBe('<p>łódź');
  });

  it('stops reading past the size cap, streamed or declared', async () => {
    const streamed = await refusal(`${main.origin}/big`, { ...allowMain(), maxBytes: 10 * 1024 });
    expect(streamed.code).toBe('too-large');
    const declared = await refusal(`${main.origin}/big-declared`, allowMain());
    expect(declared.code).toBe('too-large');
    expect(declared.message).toMatch(/larger than 2 MB/);
  });

  it('gives up after the time limit', async () => {
    const started = Date.now();
    const err = await refusal(`${main.origin}/slow`, { ...allowMain(), timeoutMs: 300 });
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('follows at most five redirects', async () => {
    const err = await refusal(`${main.origin}/loop`, allowMain());
    expect(err.code).toBe('too-many-redirects');
    expect(main.hits).toHaveLength(6);
  });

  it('answers an error status with a sentence', async () => {
    const err = await refusal(`${main.origin}/nothing-here`, allowMain());
    expect(err).toMatchObject({ code: 'http-status' });
    expect(err.message).toMatch(/answered HTTP 404/);
  });

  it('pins the connection to the address it checked (no second DNS answer is used)', async () => {
    // Only 127.0.0.2 serves this port; the system's own "localhost" is 127.0.0.1, where nothing listens.
    const pinned = await startServer('127.0.0.2', (_req, res) => res.end('pinned'));
    try {
      const resolve = vi.fn(async () => [{ address: '127.0.0.2', family: 4 as const }]);
      const result = await safeFetch(`http://localhost:${pinned.port}/`, {
        allowHosts: parseAllowHosts(`localhost:${pinned.port}`),
        resolve,
      });
      expect(result.body).toBe('pinned');
      expect(resolve).toHaveBeenCalledTimes(1);
    } finally {
      await new Promise((r) => pinned.server.close(r));
    }
  });

  it('pinnedLookup answers with the checked address in both callback styles', () => {
    const lookup = pinnedLookup({ address: '127.0.0.2', family: 4 });
    const single = vi.fn();
    const all = vi.fn();
    lookup('anything.example', {}, single);
    lookup('anything.example', { all: true }, all);
    expect(single).toHaveBeenCalledWith(null, '127.0.0.2', 4);
    expect(all).toHaveBeenCalledWith(null, [{ address: '127.0.0.2', family: 4 }]);
  });
});

describe('safeFetch refuses, before connecting', () => {
  it.each([
    ['127.0.0.1', () => `${main.origin}/page`, /loopback/],
    ['localhost', () => `http://localhost:${main.port}/page`, /this server itself/],
    ['[::1]', () => `http://[::1]:${main.port}/page`, /loopback/],
    ['::ffff:127.0.0.1', () => `http://[::ffff:127.0.0.1]:${main.port}/page`, /loopback.*IPv6 form/],
    ['127.0.0.1 as a number', () => `http://2130706433:${main.port}/page`, /loopback/],
    ['0.0.0.0', () => `http://0.0.0.0:${main.port}/page`, /this network/],
    ['10.0.0.1', () => 'http://10.0.0.1/', /private network/],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', /link-local/],
    ['192.168.1.1', () => 'http://192.168.1.1/', /private network/],
    ['100.64.0.1', () => 'http://100.64.0.1/', /carrier-grade NAT/],
    ['fd00::1', () => 'http://[fd00::1]/', /unique-local/],
  ])('%s without an allow-list entry', async (_label, url, reason) => {
    const request = noConnections();
    const err = await refusal(url());
    expect(err.code).toBe('blocked');
    expect(err.message).toMatch(reason);
    expect(err.message).toMatch(/only fetches pages on the public internet/);
    expect(request).not.toHaveBeenCalled();
    expect(main.hits).toEqual([]);
  });

  it('a name whose DNS answer is private, even when another answer is public', async () => {
    const request = noConnections();
    const resolve = async () => [
      { address: '8.8.8.8', family: 4 as const },
      { address: '10.1.2.3', family: 4 as const },
    ];
    const err = await refusal('http://intranet.example/', { resolve });
    expect(err.message).toMatch(/intranet\.example points to 10\.1\.2\.3, a private network address/);
    expect(request).not.toHaveBeenCalled();
  });

  it('a redirect to a loopback address that is not allow-listed', async () => {
    const err = await refusal(`${main.origin}/to-other`, allowMain());
    expect(err.code).toBe('blocked');
    expect(err.message).toMatch(
      /^The page redirected to http:\/\/127\.0\.0\.1:\d+\/, and 127\.0\.0\.1 is a loopback/,
    );
    expect(main.hits).toEqual(['/to-other']);
    expect(other.hits).toEqual([]);
  });

  it('an allow-list entry for another port', async () => {
    const err = await refusal(`${main.origin}/page`, { allowHosts: parseAllowHosts('127.0.0.1:1') });
    expect(err.code).toBe('blocked');
    expect(main.hits).toEqual([]);
  });

  it.each([
    ['ftp://127.0.0.1/', /start.* ftp:/],
    ['file:///etc/passwd', /starts with file:/],
    ['javascript:alert(1)', /starts with javascript:/],
    ['shop.example.com', /full address/],
    ['http://user:pass@127.0.0.1/', /user name and password/],
  ])('the address %s', async (url, message) => {
    const request = noConnections();
    const err = await refusal(url);
    expect(err.code).toBe('invalid-url');
    expect(err.message).toMatch(message);
    expect(request).not.toHaveBeenCalled();
  });

  it('a redirect to another protocol', async () => {
    const err = await refusal(`${main.origin}/to-ftp`, allowMain());
    expect(err).toMatchObject({ code: 'invalid-url' });
    expect(err.message).toMatch(/redirected to a ftp: address/);
  });
});
