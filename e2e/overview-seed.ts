// The overview spec's console: two integrations of its own on the sandbox (a working shop and one whose
// secret is wrong), with deliveries of several types, sources, outcomes and currencies, made through the
// real JSON API, the public collector and a CSV backfill, as a shop and an integrator would make them.
import type { APIRequestContext } from '@playwright/test';

import { sendEvent } from './history-helpers';
import { SANDBOX_URL } from './support/env';
import { expect } from './support/fixtures';
import { sandboxCredentials } from './support/secrets';

export const SHOP_ORIGIN = 'https://overview-shop.example.com';
export const ZONE = 'Europe/Warsaw';
const DAY = 86_400_000;

export interface Seeded {
  shopId: number;
  brokenId: number;
  /** The backfilled orders: when they happened and what they were worth. */
  backfill: Array<{ at: number; value: number; currency: string }>;
}

async function createIntegration(api: APIRequestContext, name: string, apiSecret?: string) {
  const sandbox = await sandboxCredentials();
  const res = await api.post('/api/integrations', {
    data: {
      name,
      endpoint: SANDBOX_URL,
      clientId: sandbox.clientId,
      apiKey: sandbox.apiKey,
      apiSecret: apiSecret ?? sandbox.apiSecret,
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as number;
}

/** Noon in Warsaw `daysAgo` days back, as the CSV writes it (a local time without a zone) and as an instant. */
function pastNoon(daysAgo: number): { csv: string; at: number } {
  const day = new Date(Date.now() - daysAgo * DAY).toLocaleDateString('en-CA', { timeZone: ZONE });
  const csv = `${day} 12:00`;
  // Warsaw is UTC+1 or UTC+2: find the instant whose Warsaw wall clock reads 12:00 on that day.
  const at = [10, 11]
    .map((h) => Date.parse(`${day}T${h}:00:00Z`))
    .find(
      (t) =>
        new Date(t).toLocaleTimeString('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }) ===
        '12:00',
    )!;
  return { csv, at };
}

async function backfillLastMonth(api: APIRequestContext, shopId: number, token: string) {
  const orders = [
    { ...pastNoon(20), value: 40, currency: 'EUR', products: 'SKU-BOOT' },
    { ...pastNoon(24), value: 60, currency: 'EUR', products: 'SKU-BOOT;SKU-SOCK' },
    { ...pastNoon(24), value: 300, currency: 'PLN', products: 'SKU-HAT' },
  ];
  const csv = [
    'email,order,total,currency,date,products',
    ...orders.map(
      (o, i) =>
        `past${i}-${token}@example.com,PAST-${token}-${i},${o.value},${o.currency},${o.csv},"${o.products}"`,
    ),
  ].join('\n');
  const upload = await api.post(`/api/backfill?integrationId=${shopId}&filename=last-month.csv`, {
    headers: { 'content-type': 'text/csv' },
    data: Buffer.from(`${csv}\n`),
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const job = await upload.json();
  const plan = {
    mapping: {
      type: { constant: 'PURCHASE' },
      email: { column: 'email' },
      externalId: { column: 'order' },
      value: { column: 'total' },
      detail9: { column: 'currency' },
      date: { column: 'date' },
      products: { column: 'products' },
    },
    options: { delimiter: ',', header: true, timeZone: ZONE, decimal: 'dot' },
  };
  const start = await api.post(`/api/backfill/${job.id}/start`, { data: plan });
  expect(start.status(), await start.text()).toBe(202);
  return orders.map(({ at, value, currency }) => ({ at, value, currency }));
}

async function websiteEvents(api: APIRequestContext, shopId: number, token: string) {
  const res = await api.patch(`/api/integrations/${shopId}`, {
    data: { collector: { enabled: true, allowedOrigins: [SHOP_ORIGIN], allowedTypes: ['VISIT', 'CART'] } },
  });
  expect(res.status(), await res.text()).toBe(200);
  const { url } = (await res.json()).collector as { url: string };
  const post = (origin: string, body: Record<string, unknown>) =>
    api.post(new URL(url).pathname, {
      headers: { origin, 'content-type': 'text/plain' },
      data: JSON.stringify(body),
    });
  for (const i of [1, 2]) {
    const ok = await post(SHOP_ORIGIN, { type: 'VISIT', email: `web${i}-${token}@example.com` });
    expect(ok.status()).toBe(202);
  }
  // Refused: a site that is not allowed, and a type the shop did not allow. Counted, never stored.
  expect(
    (
      await post('https://elsewhere.example.net', { type: 'VISIT', email: `x-${token}@example.com` })
    ).status(),
  ).toBe(403);
  expect((await post(SHOP_ORIGIN, { type: 'PURCHASE', email: `y-${token}@example.com` })).status()).toBe(403);
}

export async function seedOverview(api: APIRequestContext, token: string): Promise<Seeded> {
  const shopId = await createIntegration(api, `Overview shop ${token}`);
  const brokenId = await createIntegration(api, `Overview broken ${token}`, 'wrong-secret-for-overview');
  const send = (id: number, event: Record<string, unknown>) => sendEvent(api, id, event);
  let n = 0;
  const ext = () => `${token}-${++n}`;
  for (const [value, currency] of [
    [100, 'EUR'],
    [50.5, 'EUR'],
    [200, 'PLN'],
  ] as const) {
    await send(shopId, {
      type: 'PURCHASE',
      email: `buyer${n}-${token}@example.com`,
      externalId: ext(),
      value,
      detail9: currency,
      products: 'SKU-BOOT',
    });
  }
  for (const i of [1, 2, 3])
    await send(shopId, { type: 'CART', email: `cart${i}-${token}@example.com`, externalId: ext() });
  await send(shopId, { type: 'VISIT', email: `visit-${token}@example.com` });
  // Magic contacts: an order whose answer never comes ends failed (it may be stored: a person decides),
  // and a server error that keeps retrying stays waiting.
  await send(shopId, {
    type: 'PURCHASE',
    email: 'sandbox+timeout@example.com',
    externalId: ext(),
    value: 5,
    detail9: 'EUR',
  });
  await send(shopId, { type: 'VISIT', email: 'sandbox+500@example.com' });
  // A wrong secret: SALESmanago refuses the first event for good, which opens a credentials incident and
  // pauses the integration, so the two after it wait in the queue instead of failing too (issue 16).
  for (const type of ['CART', 'VISIT', 'PURCHASE']) {
    await send(brokenId, { type, email: `broken-${token}@example.com`, externalId: ext(), value: 1 });
  }
  await websiteEvents(api, shopId, token);
  const backfill = await backfillLastMonth(api, shopId, token);
  return { shopId, brokenId, backfill };
}

type Delivery = { status: string; source: string; type: string };

/** The history's own list of an integration's deliveries (all of them: the spec makes fewer than 200). */
export async function historyOf(api: APIRequestContext, integrationId: number): Promise<Delivery[]> {
  const res = await api.get(`/api/deliveries?integrationId=${integrationId}&limit=200`);
  expect(res.status()).toBe(200);
  return (await res.json()).items as Delivery[];
}

/** Waits until the shop's deliveries have settled as the spec expects: imports and website events sent. */
export async function settled(api: APIRequestContext, shopId: number) {
  await expect
    .poll(
      async () => {
        const items = await historyOf(api, shopId);
        const count = (s: string) => items.filter((d) => d.status === s).length;
        return {
          backfill: items.filter((d) => d.source === 'backfill' && d.status === 'succeeded').length,
          website: items.filter((d) => d.source === 'website' && d.status === 'succeeded').length,
          failed: count('failed'),
          queued: count('queued'),
        };
      },
      { timeout: 60_000 },
    )
    .toEqual({ backfill: 3, website: 2, failed: 1, queued: 0 });
}
