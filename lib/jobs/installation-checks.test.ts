// A real account's monitoring code, seen and then gone: a person's page check remembers the page, the
// re-check fetches it again from a page server on loopback, and the incident checks open "monitoring
// code gone" once the code has been missing longer than the threshold.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'install-test-key-that-is-long-enough-0001';

const { openDb, setDbForTests } = await import('@/db');
const { getSnippet } = await import('@/lib/data/snippet-options');
const { getIntegrationRow } = await import('@/lib/data/integrations');
const { listIncidents } = await import('@/lib/data/incidents');
const { insertTestIntegration } = await import('@/lib/data/test-helpers');
const { checkIntegrationSnippet } = await import('@/lib/integrations/snippet-check');
const { detectIncidents } = await import('./incident-detection');
const { installationChecksTick } = await import('./installation-checks');

const HOUR = 3_600_000;
let page = '';
let server: http.Server;
let url = '';
let shop = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // The page fetcher refuses loopback unless configured, as the e2e server does.
  process.env.SNIPPET_FETCH_ALLOW_HOSTS = '127.0.0.1';
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  const db = openDb(':memory:');
  setDbForTests(db);
  shop = insertTestIntegration(db, { name: 'Shop', createdAt: Date.now() - 48 * HOUR });
});

const withCode = async () => `<html><head>${(await getSnippet(shop)).html}</head><body>Shop</body></html>`;
const seen = async () => (await getIntegrationRow(shop)).installSeenAt;
const openCauses = async () => (await listIncidents({ state: 'open', limit: 50 })).items.map((i) => i.cause);

describe('monitoring code on a real account', () => {
  it('a page check that finds the code remembers the page; one that does not leaves nothing', async () => {
    page = '<html><body>No code here</body></html>';
    await checkIntegrationSnippet(shop, { url }, { allowHosts: '127.0.0.1' });
    expect(await seen()).toBeNull();

    page = await withCode();
    const before = Date.now();
    await checkIntegrationSnippet(shop, { url }, { allowHosts: '127.0.0.1' });
    expect(await seen()).toBeGreaterThanOrEqual(before);
    expect((await getIntegrationRow(shop)).installSeenUrl).toBe(url);
  });

  it('the re-check moves "last seen" while the code is there, and the incident opens once it is gone too long', async () => {
    page = await withCode();
    await checkIntegrationSnippet(shop, { url }, { allowHosts: '127.0.0.1' });
    const first = (await seen())!;

    await new Promise((r) => setTimeout(r, 5));
    await installationChecksTick();
    const second = (await seen())!;
    expect(second).toBeGreaterThan(first);

    // The shop's new theme dropped the code: the re-check finds nothing and "last seen" stays.
    page = '<html><body>New theme</body></html>';
    await installationChecksTick();
    expect(await seen()).toBe(second);

    await detectIncidents(second + 23 * HOUR);
    expect(await openCauses()).not.toContain('snippet-gone');
    await detectIncidents(second + 25 * HOUR);
    expect(await openCauses()).toContain('snippet-gone');
  });
});
