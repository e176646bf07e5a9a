import http from 'node:http';
import type { APIRequestContext } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { deliveryCount } from './support/db';
import { BASE_URL, PORT, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { forbiddenStrings } from './support/secrets';

const SHOP = 'https://shop.example.com';

async function configure(request: APIRequestContext, collector: Record<string, unknown>) {
  const id = await sandboxIntegrationId(request);
  const res = await request.patch(`/api/integrations/${id}`, { data: { collector } });
  expect(res.status(), await res.text()).toBe(200);
  const integration = await res.json();
  return { id, url: integration.collector.url as string, key: integration.collector.key as string };
}

/** A request from a chosen loopback address, so rate limits can be tripped without affecting other tests. */
function postFrom(
  localAddress: string,
  path: string,
  body: string,
  origin: string,
): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        path,
        method: 'POST',
        localAddress,
        headers: { origin, 'content-type': 'text/plain' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('an admin switches the collector on, allows a website and sees the warning for forgeable types', async ({
  page,
}) => {
  // Start from a switched-off collector, whatever earlier specs left on the shared Sandbox integration.
  const { id } = await configure(page.request, {
    enabled: false,
    allowedOrigins: [],
    allowedTypes: ['CART', 'VISIT', 'LOGIN', 'OTHER'],
  });
  await page.goto(`/integrations/${id}/collector`);
  await expect(page.getByRole('heading', { name: 'Website events', exact: true })).toBeVisible();
  await page.getByLabel('Accept events from websites').check();
  await expect(page.getByText('No website is allowed yet')).toBeVisible();
  await page.getByLabel('Website origin to allow').fill('shop.example.com/path');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText(/scheme|https:\/\//i).first()).toBeVisible();
  await page.getByLabel('Website origin to allow').fill(SHOP);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('checkbox', { name: 'PURCHASE' }).check();
  await expect(page.getByText('Browsers can forge these events.')).toBeVisible();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Website events settings saved.')).toBeVisible();
  await expect(page.getByLabel('CART event snippet')).toContainText('/api/collect/');
  await expectAccessible(page, 'on the website events screen');
  await snap(page, 'collector-settings');

  const integration = await (await page.request.get(`/api/integrations/${id}`)).json();
  expect(integration.collector).toMatchObject({ enabled: true, allowedOrigins: [SHOP] });
  expect(integration.collector.allowedTypes).toContain('PURCHASE');
  expect(integration.collector.key).toMatch(/^ck_/);
});

test('the collector answers CORS preflights and takes text/plain or JSON bodies from allowed origins', async ({
  request,
}) => {
  const { url } = await configure(request, {
    enabled: true,
    allowedOrigins: [SHOP],
    allowedTypes: ['CART', 'VISIT'],
  });
  const path = new URL(url).pathname;
  const preflight = await request.fetch(path, {
    method: 'OPTIONS',
    headers: {
      origin: SHOP,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()['access-control-allow-origin']).toBe(SHOP);
  expect(preflight.headers()['access-control-allow-methods']).toContain('POST');
  const refusedPreflight = await request.fetch(path, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
  });
  expect(refusedPreflight.status()).toBe(403);
  expect(refusedPreflight.headers()['access-control-allow-origin']).toBeUndefined();

  for (const contentType of ['text/plain;charset=UTF-8', 'application/json']) {
    const res = await request.post(path, {
      headers: { origin: SHOP, 'content-type': contentType, 'user-agent': 'ShopBrowser/1.0' },
      data: Buffer.from(
        JSON.stringify({ type: 'cart', email: 'collector@example.com', value: 5, pageUrl: `${SHOP}/cart` }),
      ),
    });
    expect(res.status(), contentType).toBe(202);
    expect(res.headers()['access-control-allow-origin']).toBe(SHOP);
  }
  await expect
    .poll(async () =>
      (await (await request.get('/api/deliveries?source=website&limit=2')).json()).items.map(
        (d: { status: string }) => d.status,
      ),
    )
    .toEqual(['succeeded', 'succeeded']);
  const latest = (await (await request.get('/api/deliveries?source=website&limit=1')).json()).items[0];
  expect(latest).toMatchObject({
    source: 'website',
    type: 'CART',
    origin: SHOP,
    pageUrl: `${SHOP}/cart`,
    userAgent: 'ShopBrowser/1.0',
  });
});

test('refusals are precise and record nothing', async ({ request }) => {
  const { url, key } = await configure(request, {
    enabled: true,
    allowedOrigins: [SHOP],
    allowedTypes: ['CART'],
  });
  const path = new URL(url).pathname;
  const before = await deliveryCount();
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request.post(path, {
      headers: { origin: SHOP, 'content-type': 'text/plain', ...headers },
      data: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    });

  const origin = await post({ type: 'CART', email: 'a@example.com' }, { origin: 'https://evil.example.net' });
  expect(origin.status()).toBe(403);
  expect((await origin.json()).error.code).toBe('origin_not_allowed');
  const type = await post({ type: 'PURCHASE', email: 'a@example.com' });
  expect(type.status()).toBe(403);
  expect((await type.json()).error.code).toBe('type_not_allowed');
  const invalid = await post({ type: 'CART', value: 'lots' });
  expect(invalid.status()).toBe(422);
  expect(Object.keys((await invalid.json()).error.fieldErrors)).toEqual(
    expect.arrayContaining(['email', 'value']),
  );
  const optIn = await post({ type: 'CART', email: 'a@example.com', forceOptIn: true });
  expect(optIn.status()).toBe(422);
  const big = await post({ type: 'CART', email: 'a@example.com', description: 'x'.repeat(20_000) });
  expect(big.status()).toBe(413);
  const notJson = await post('{"type":');
  expect(notJson.status()).toBe(400);
  const wrongType = await post(
    { type: 'CART', email: 'a@example.com' },
    { 'content-type': 'application/x-www-form-urlencoded' },
  );
  expect(wrongType.status()).toBe(415);
  const unknown = await request.post(`/api/collect/${key}x`, { headers: { origin: SHOP }, data: '{}' });
  expect(unknown.status()).toBe(404);
  expect(await deliveryCount()).toBe(before);
});

test('a flood from one address gets 429 with Retry-After and nothing more is recorded', async ({
  request,
}) => {
  const { url } = await configure(request, {
    enabled: true,
    allowedOrigins: [SHOP, 'https://flood.example.com'],
    allowedTypes: ['CART'],
  });
  const path = new URL(url).pathname;
  const before = await deliveryCount();
  // The per-address limit is 120 a minute; 127.0.0.9 is used by no other test. All at once, so the
  // bucket has no time to refill between requests.
  const results = await Promise.all(
    Array.from({ length: 160 }, (_, i) =>
      postFrom(
        '127.0.0.9',
        path,
        JSON.stringify({ type: 'CART', email: `flood${i}@example.com` }),
        'https://flood.example.com',
      ),
    ),
  );
  const accepted = results.filter((r) => r.status === 202).length;
  const limited = results.filter((r) => r.status === 429);
  expect(accepted + limited.length).toBe(160);
  expect(accepted).toBeGreaterThanOrEqual(120);
  expect(accepted).toBeLessThan(140);
  expect(limited.every((r) => Number(r.retryAfter) > 0)).toBe(true);
  expect(await deliveryCount()).toBe(before + accepted);
  // Another address is not affected.
  expect(
    (await postFrom('127.0.0.10', path, JSON.stringify({ type: 'CART', email: 'other@example.com' }), SHOP))
      .status,
  ).toBe(202);
});

test('a new collector key cuts off old snippets; the snippet API never holds a secret', async ({
  request,
}) => {
  const { id, url } = await configure(request, {
    enabled: true,
    allowedOrigins: [SHOP],
    allowedTypes: ['VISIT'],
  });
  const rotated = await request.post(`/api/integrations/${id}/collector/rotate-key`);
  expect(rotated.status()).toBe(200);
  const fresh = (await rotated.json()).url as string;
  expect(fresh).not.toBe(url);
  const body = {
    headers: { origin: SHOP, 'content-type': 'text/plain' },
    data: Buffer.from(JSON.stringify({ type: 'VISIT', email: 'k@example.com' })),
  };
  expect((await request.post(new URL(url).pathname, body)).status()).toBe(404);
  expect((await request.post(new URL(fresh).pathname, body)).status()).toBe(202);

  for (const type of ['PURCHASE', 'cart', 'LOAN_ORDER']) {
    const res = await request.get(`/api/integrations/${id}/event-snippet?type=${type}&format=minified`);
    expect(res.status()).toBe(200);
    const { html } = await res.json();
    expect(html).toContain(fresh);
    for (const secret of await forbiddenStrings()) expect(html).not.toContain(secret);
    expect(html).not.toMatch(/apiKey|apiSecret|sha/i);
  }
  expect((await request.get(`/api/integrations/${id}/event-snippet?type=NOPE`)).status()).toBe(422);
  expect((await request.get(`/api/integrations/${id}/event-snippet`)).status()).toBe(422);
});

test('the live test page fires snippets from a real browser and shows the deliveries arriving', async ({
  page,
}) => {
  const id = await sandboxIntegrationId(page.request);
  await configure(page.request, {
    enabled: true,
    allowedOrigins: [SHOP],
    allowedTypes: ['CART', 'VISIT', 'LOGIN', 'OTHER'],
  });
  await page.goto(`/integrations/${id}/collector/test`);
  await expect(page.getByText('This console is not an allowed origin.')).toBeVisible();
  await page.getByRole('button', { name: `Allow ${BASE_URL} for testing` }).click();
  await expect(page.getByText('This console is not an allowed origin.')).toHaveCount(0);
  await expectAccessible(page, 'on the live test page');
  for (const type of ['CART', 'LOGIN']) {
    await page.getByRole('button', { name: `Fire ${type}` }).click();
    const row = page
      .getByRole('list', { name: 'Recent website deliveries' })
      .getByRole('listitem')
      .filter({ hasText: type })
      .first();
    await expect(row).toContainText('Succeeded', { timeout: 5000 });
  }
  await snap(page, 'collector-live-test');
});

test('a marketer reads the collector settings but cannot change them', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStatePath('marketer') });
  const page = await ctx.newPage();
  const id = await sandboxIntegrationId(page.request);
  await page.goto(`/integrations/${id}/collector`);
  await expect(page.getByText('Only admins change these settings.')).toBeVisible();
  const res = await page.request.patch(`/api/integrations/${id}`, {
    data: { collector: { enabled: false } },
  });
  expect(res.status()).toBe(403);
  expect((await page.request.post(`/api/integrations/${id}/collector/rotate-key`)).status()).toBe(403);
  await ctx.close();
});
