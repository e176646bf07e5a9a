// GET /api/overview against the history's own counts: events sent through the sandbox (deliveries that
// succeed, retry, and are stopped), purchases in two currencies dated on a day of their own, then the
// overview's totals compared with what GET /api/deliveries lists for the same hours. Bad input: 4xx in
// the house shape.
import type { APIRequestContext } from '@playwright/test';

import type { OverviewResponse } from '@/lib/validations/overview';
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { expect, test } from './support/fixtures';

const token = runToken('ov');
const DAY = 86_400_000;
// A day 40 days back, in the viewer's zone (the e2e browser's): the purchases happened then, so by event
// date that day holds them and nothing else this run sends.
const orderDay = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
const orderDate = `${orderDay}T12:00:00+02:00`;
let sandboxId: number;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  const sends: Array<Record<string, unknown>> = [
    {
      type: 'PURCHASE',
      email: `anna-${token}@example.com`,
      value: 100,
      detail9: 'EUR',
      products: 'SKU-A,SKU-B',
    },
    { type: 'PURCHASE', email: `bob-${token}@example.com`, value: 50.5, detail9: 'PLN', products: 'SKU-A' },
    { type: 'PURCHASE', email: `carl-${token}@example.com`, value: 7 },
    { type: 'CART', email: `anna-${token}@example.com`, value: 20, detail9: 'EUR' },
  ];
  let n = 0;
  for (const event of sends)
    await sendEvent(api, sandboxId, { ...event, date: orderDate, externalId: `${token}-${++n}` });
  await sendEvent(api, sandboxId, { type: 'VISIT', email: `dora-${token}@example.com` });
  // The magic contact answers 500: the delivery waits to be retried, then a person stops it.
  const retrying = await sendEvent(api, sandboxId, { type: 'VISIT', email: 'sandbox+500@example.com' });
  expect(retrying.status).toBe('retrying');
  expect((await api.post(`/api/deliveries/${retrying.id}/cancel`, { data: {} })).status()).toBe(200);
  await api.dispose();
});

async function overview(request: APIRequestContext, query: string): Promise<OverviewResponse> {
  const res = await request.get(`/api/overview?${query}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as OverviewResponse;
}

/** How many deliveries the history lists for these filters, page by page. */
async function historyCount(request: APIRequestContext, filters: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const res = await request.get(`/api/deliveries?${filters}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status()).toBe(200);
    const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

test('today’s totals are the history’s counts for the same hours, for every role', async ({ playwright }) => {
  const viewer = await apiAs(playwright, 'viewer');
  const admin = await apiAs(playwright, 'admin');
  try {
    for (const scope of ['', `&integrationId=${sandboxId}`]) {
      // The worker may still be settling a delivery: compare until both agree.
      await expect(async () => {
        const o = await overview(viewer, `period=today&tz=Europe%2FWarsaw${scope}`);
        expect(o.period.bucket).toBe('hour');
        const range = `from=${o.period.from}&to=${o.period.to - 1}${scope}`;
        expect(o.health.sent.value).toBe(await historyCount(admin, range));
        expect(o.health.sent.value).toBeGreaterThanOrEqual(6);
        const byStatus = async (status: string) => historyCount(admin, `${range}&status=${status}`);
        expect(o.health.delivered.count).toBe(await byStatus('succeeded'));
        expect(o.health.delivered.settled).toBe((await byStatus('succeeded')) + (await byStatus('failed')));
        const bars = o.timeline.reduce(
          (t, b) => ({
            cancelled: t.cancelled + b.byOutcome.cancelled,
            visits: t.visits + (b.byType.VISIT ?? 0),
          }),
          { cancelled: 0, visits: 0 },
        );
        expect(bars.cancelled).toBe(await byStatus('cancelled'));
        expect(bars.visits).toBe(await historyCount(admin, `${range}&type=VISIT`));
        // The same numbers for an admin as for a viewer.
        const forAdmin = await overview(admin, `period=today&tz=Europe%2FWarsaw${scope}`);
        expect(forAdmin.health).toEqual(o.health);
      }).toPass({ timeout: 20_000 });
    }
  } finally {
    await viewer.dispose();
    await admin.dispose();
  }
});

test('purchases count on their event date, per currency, never added across currencies', async ({
  request,
}) => {
  const day = `period=custom&from=${orderDay}&to=${orderDay}&tz=Europe%2FWarsaw&integrationId=${sandboxId}`;
  const byEvent = await overview(request, day);
  expect(byEvent.worth.currencies.map((c) => [c.currency, c.revenue, c.orders])).toEqual([
    ['EUR', 100, 1],
    ['PLN', 50.5, 1],
  ]);
  expect(byEvent.worth.ordersWithoutCurrency).toBe(1);
  expect(byEvent.worth.cartsPerDay).toEqual([{ label: orderDay, carts: 1, purchases: 3 }]);
  expect(byEvent.worth.topProducts).toEqual([
    { product: 'SKU-A', count: 2 },
    { product: 'SKU-B', count: 1 },
  ]);
  // By send date, that day is empty: they were sent today.
  expect((await overview(request, `${day}&basis=sent`)).worth.currencies).toEqual([]);
});

test('website events: accepted ones from the history, refused ones counted by cause', async ({ request }) => {
  const shop = `https://${token}.example.com`;
  const configured = await request.patch(`/api/integrations/${sandboxId}`, {
    data: { collector: { enabled: true, allowedOrigins: [shop], allowedTypes: ['VISIT'] } },
  });
  expect(configured.status()).toBe(200);
  const collectorUrl = (await configured.json()).collector.url as string;
  const today = `period=today&tz=Europe%2FWarsaw&integrationId=${sandboxId}`;
  const before = (await overview(request, today)).website;
  const collect = (origin: string, body: string) =>
    request.post(collectorUrl, { headers: { origin, 'content-type': 'text/plain' }, data: body });
  const visit = JSON.stringify({ type: 'VISIT', email: `erin-${token}@example.com` });
  expect((await collect(shop, visit)).status()).toBe(202);
  expect((await collect('https://elsewhere.example.com', visit)).status()).toBe(403);
  expect(
    (await collect(shop, JSON.stringify({ type: 'CART', email: `erin-${token}@example.com` }))).status(),
  ).toBe(403);
  expect((await collect(shop, '{')).status()).toBe(400);
  await expect(async () => {
    const after = (await overview(request, today)).website;
    expect(after.accepted).toBe(before.accepted + 1);
    expect(after.refused).toEqual({
      ...before.refused,
      origin: before.refused.origin + 1,
      type: before.refused.type + 1,
      invalid: before.refused.invalid + 1,
    });
    expect(after.perDay.at(-1)!.refused.origin).toBeGreaterThanOrEqual(1);
  }).toPass({ timeout: 10_000 });
});

test('bad input is a 4xx in the house shape that says what to change', async ({ request }) => {
  const refused = async (query: string, status: number, field?: string) => {
    const res = await request.get(`/api/overview?${query}`);
    expect(res.status(), query).toBe(status);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; fieldErrors?: object };
    };
    expect(error.message, query).not.toBe('');
    if (field) expect(Object.keys(error.fieldErrors ?? {}), query).toContain(field);
    return error;
  };
  expect((await refused('period=custom&from=2025-01-01&to=2026-03-01', 422, 'to')).message).toMatch(
    /400 days/,
  );
  expect((await refused('period=custom&from=2026-03-02&to=2026-03-01', 422, 'from')).message).toMatch(
    /after/,
  );
  await refused('period=custom&from=2026-03-01', 422, 'to');
  expect((await refused('tz=Mars%2FOlympus', 422, 'tz')).message).toMatch(/time zone/);
  await refused('tz=%', 422, 'tz');
  await refused('tz=constructor', 422, 'tz');
  await refused('period=__proto__', 422, 'period');
  await refused('basis=yesterday', 422, 'basis');
  await refused('integrationId=abc', 422, 'integrationId');
  expect((await refused('integrationId=999999', 404)).code).toBe('not_found');
  // Parameters it does not know are not read at all.
  expect((await request.get('/api/overview?constructor=1&__proto__=x')).status()).toBe(200);
});
