import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import type { EventData } from '@/lib/validations/event';
import { overviewQuerySchema } from '@/lib/validations/overview';

process.env.APP_SECRET_KEY ??= 'overview-test-key-that-is-long-enough-01';

const { pgConnection, schema } = await import('@/db');
const { db } = await import('./engine');
const { insertDelivery } = await import('./deliveries');
const { settleDeliveries, startAttempts, finishAttempts } = await import('./delivery-state');
const { attentionCount, attentionGroups } = await import('./attention');
const { getOverview } = await import('./overview');
const { countCollectorRefusal, insertCollectedDelivery } = await import('./collector');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');

const NOW = Date.parse('2026-06-15T10:20:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const d = schema.deliveries;
let shop = 0;
let outlet = 0;

async function send(
  integrationId: number,
  event: Partial<EventData> & { type: string },
  opts: { at?: number; source?: 'api' | 'backfill' | 'website' | 'resend'; resendOf?: number } = {},
): Promise<number> {
  const [integration] = await db()
    .select()
    .from(schema.integrations)
    .where(eq(schema.integrations.id, integrationId));
  return (
    await insertDelivery({
      integration: integration!,
      source: opts.source ?? 'api',
      operation: 'add',
      event: { email: 'a@example.com', ...event } as EventData,
      resendOf: opts.resendOf ?? null,
      now: opts.at ?? NOW - HOUR,
    })
  ).id;
}

async function settle(
  id: number,
  status: 'succeeded' | 'failed',
  reason: string | null = null,
  durationMs = 100,
  at = NOW,
) {
  await db().update(d).set({ status: 'sending', leaseOwner: 'me' }).where(eq(d.id, id));
  const [attempt] = await startAttempts([{ deliveryId: id, number: 1, url: 'https://x', request: {} }], at);
  await finishAttempts([attempt!], {
    durationMs,
    httpStatus: 200,
    responseBody: null,
    responseTruncated: false,
    outcome: status === 'succeeded' ? 'succeeded' : 'rejected',
    reason: reason ?? 'ok',
    message: null,
  });
  await settleDeliveries([id], 'me', {
    status,
    reason,
    reasonMessage: null,
    lastHttpStatus: 200,
    lastDurationMs: durationMs,
    nextAttemptAt: null,
    now: NOW,
  });
}

const overview = async (q: Record<string, unknown> = {}) =>
  await getOverview(overviewQuerySchema.parse({ period: '7d', tz: 'Europe/Warsaw', ...q }), NOW);

describe.each(ENGINES)('getOverview on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    shop = await addTestIntegration({ name: 'Shop' });
    // The outlet names its own currency slot, in Polish.
    outlet = await addTestIntegration({ name: 'Outlet', detailLabels: { detail4: 'Waluta' } });
  });

  it('answers a fresh console with zeros and says it never sent anything', async () => {
    const o = await overview();
    expect(o.hasAnyDeliveries).toBe(false);
    expect(o.health.sent).toEqual({ value: 0, previous: null });
    expect(o.timeline).toHaveLength(8);
    expect(o.worth.currencies).toEqual([]);
    expect(o.health.answerTime.medianMs).toBeNull();
  });

  it('keeps revenue per currency, never adding currencies, and counts orders without one apart', async () => {
    await send(shop, { type: 'PURCHASE', value: 100, detail9: 'EUR', products: 'SKU-1, SKU-2' });
    await send(shop, { type: 'PURCHASE', value: 50.5, detail9: 'PLN', products: 'SKU-1' });
    await send(outlet, { type: 'PURCHASE', value: 30, detail4: 'PLN', detail9: 'EUR' });
    await send(shop, { type: 'PURCHASE', value: 10 });
    await send(shop, { type: 'CART', value: 5, detail9: 'EUR' });
    await send(shop, { type: 'CART', value: 7 });
    const { worth } = await overview();
    expect(worth.currencies.map((c) => [c.currency, c.revenue, c.orders, c.averageOrderValue])).toEqual([
      ['PLN', 80.5, 2, 40.25],
      ['EUR', 100, 1, 100],
    ]);
    expect(worth.ordersWithoutCurrency).toBe(1);
    expect(worth.cartToPurchase).toBe(2);
    expect(worth.cartsPerDay.at(-1)).toEqual({ label: '2026-06-15', carts: 2, purchases: 4 });
    expect(worth.currencies[0]!.perDay.at(-1)).toEqual({ label: '2026-06-15', revenue: 80.5, orders: 2 });
    expect(worth.currencies[0]!.perDay).toHaveLength(8);
    expect(worth.topProducts).toEqual([
      { product: 'SKU-1', count: 2 },
      { product: 'SKU-2', count: 1 },
    ]);
    // One integration: only its own orders.
    expect((await overview({ integrationId: outlet })).worth.currencies).toMatchObject([
      { currency: 'PLN', revenue: 30 },
    ]);
  });

  it('finds the product that sells every day among bestsellers that change every day', async () => {
    // Each day ten products of the day sell 3 times; STEADY sells once, every day for four weeks. No
    // day's top ten holds STEADY, yet it sold 28 against 3: the weeks' lists find it.
    const flash = (day: number) => Array.from({ length: 10 }, (_, k) => `FLASH-${day}-${k}`).join(',');
    for (let day = 1; day <= 28; day++) {
      const at = NOW - day * DAY;
      for (let i = 0; i < 3; i++) await send(shop, { type: 'PURCHASE', products: flash(day) }, { at });
      await send(shop, { type: 'PURCHASE', products: 'STEADY' }, { at });
    }
    for (const basis of ['event', 'sent'] as const)
      for (const integrationId of [undefined, shop]) {
        const { worth } = await overview({ period: '30d', tz: 'UTC', basis, integrationId });
        expect(worth.topProducts[0], `${basis} ${integrationId ?? 'all'}`).toEqual({
          product: 'STEADY',
          count: 28,
        });
        expect(worth.topProducts.slice(1).every((p) => p.count === 3)).toBe(true);
      }
  });

  it('puts a backfilled order on its event date by default, and on its send date when asked', async () => {
    const eventDate = NOW - 3 * DAY;
    await send(
      shop,
      { type: 'PURCHASE', value: 20, detail9: 'EUR', date: eventDate },
      { source: 'backfill' },
    );
    const byEvent = (await overview()).worth.currencies[0]!.perDay;
    expect(byEvent.find((p) => p.orders)?.label).toBe('2026-06-12');
    const bySent = (await overview({ basis: 'sent' })).worth.currencies[0]!.perDay;
    expect(bySent.find((p) => p.orders)?.label).toBe('2026-06-15');
    // Outside the period by event date: last year's orders are not this week's.
    await send(
      shop,
      { type: 'PURCHASE', value: 20, detail9: 'EUR', date: NOW - 365 * DAY },
      { source: 'backfill' },
    );
    expect((await overview()).worth.currencies[0]!.orders).toBe(1);
    expect((await overview({ basis: 'sent' })).worth.currencies[0]!.orders).toBe(2);
  });

  it('counts outcomes, failures by reason, unresolved failures and answer times, against the period before', async () => {
    const before = await send(shop, { type: 'VISIT' }, { at: NOW - 8 * DAY });
    await settle(before, 'succeeded', null, 50, NOW - 8 * DAY);
    const ok = await send(shop, { type: 'OTHER' });
    const bad = await send(shop, { type: 'PURCHASE', value: 1 });
    const fixed = await send(shop, { type: 'LOGIN' });
    await send(outlet, { type: 'VISIT' }, { source: 'website' });
    await settle(ok, 'succeeded', null, 100);
    await settle(bad, 'failed', 'contact-not-found', 200);
    await settle(fixed, 'failed', 'owner-invalid', 400);
    const resend = await send(shop, { type: 'LOGIN' }, { source: 'resend', resendOf: fixed });
    let o = await overview();
    expect(o.health.unresolvedFailed.value).toBe(2);
    await settle(resend, 'succeeded', null, 100);
    o = await overview();
    expect(o.health.sent).toEqual({ value: 5, previous: 1 });
    expect(o.health.delivered).toMatchObject({ count: 2, settled: 4, rate: 0.5, previousRate: 1 });
    // The failure whose resend succeeded is resolved; the one without a resend is not.
    expect(o.health.unresolvedFailed).toEqual({ value: 1, previous: 0 });
    expect(o.health.needsAttention).toEqual({ failed: 1, retrying: 0, total: 1 });
    expect(o.health.needsAttention.total).toBe(await attentionCount());
    expect(o.health.waiting.count).toBe(1);
    expect(o.health.waiting.oldestAt).toBe(NOW - HOUR);
    // Per integration: the outlet's website visit waits, the shop has nothing waiting.
    expect((await overview({ integrationId: outlet })).health.waiting).toEqual({
      count: 1,
      oldestAt: NOW - HOUR,
    });
    expect((await overview({ integrationId: shop })).health.waiting).toEqual({ count: 0, oldestAt: null });
    expect(o.failures.map((f) => [f.reason, f.count])).toEqual([
      ['contact-not-found', 1],
      ['owner-invalid', 1],
    ]);
    expect(o.failures[0]!.fix).not.toBe('');
    // 100, 200, 400, 100 ms: the median bucket is 2^(27/4) ≈ 108 ms (100 ms, within 9 %).
    expect(o.health.answerTime.medianMs).toBeGreaterThanOrEqual(91);
    expect(o.health.answerTime.medianMs).toBeLessThanOrEqual(109);
    expect(o.health.answerTime.p95Ms).toBeGreaterThanOrEqual(364);
    expect(o.health.answerTime.previousMedianMs).toBeLessThan(60);
    const today = o.timeline.at(-1)!;
    expect(today.byOutcome).toEqual({ delivered: 2, failed: 2, waiting: 1, cancelled: 0 });
    expect(today.byType).toEqual({ OTHER: 1, VISIT: 1, PURCHASE: 1, LOGIN: 2 });
    expect(today.bySource).toEqual({ api: 3, website: 1, resend: 1 });
    expect(o.website.accepted).toBe(1);
  });

  it('by hour for today, in the viewer’s zone', async () => {
    await send(shop, { type: 'VISIT' }, { at: Date.parse('2026-06-14T21:30:00Z') }); // yesterday there
    await send(shop, { type: 'VISIT' }, { at: Date.parse('2026-06-14T22:30:00Z') }); // 00:30 in Warsaw
    const o = await overview({ period: 'today' });
    expect(o.period.bucket).toBe('hour');
    expect(o.timeline[0]).toMatchObject({ label: '2026-06-15T00:00', byType: { VISIT: 1 } });
    expect(o.health.sent.value).toBe(1);
  });

  // Both engines keep UTC hours (created_at / 3,600,000 in their triggers) and the same plan makes local
  // buckets of them: each UTC hour counts for the local day or hour its start falls in.
  it('puts a half-hour zone’s UTC hour in the local day it starts in, by day and by hour', async () => {
    const at = (iso: string) => Date.parse(iso);
    await send(shop, { type: 'VISIT' }, { at: at('2026-06-13T18:10:00Z') }); // 23:40 on the 13th there
    await send(shop, { type: 'CART' }, { at: at('2026-06-13T18:40:00Z') }); // 00:10 on the 14th, same UTC hour
    await send(shop, { type: 'LOGIN' }, { at: at('2026-06-13T19:05:00Z') }); // 00:35 on the 14th
    const byDay = await overview({ tz: 'Asia/Kolkata' });
    const day = (label: string) => byDay.timeline.find((b) => b.label === label);
    expect(day('2026-06-13')?.byType).toEqual({ VISIT: 1, CART: 1 });
    expect(day('2026-06-14')?.byType).toEqual({ LOGIN: 1 });
    expect(day('2026-06-14')?.start).toBe(at('2026-06-13T18:30:00Z'));

    await send(shop, { type: 'VISIT' }, { at: at('2026-06-14T18:45:00Z') }); // 00:15 today, in yesterday's hour
    await send(shop, { type: 'OTHER' }, { at: at('2026-06-14T19:10:00Z') }); // 00:40 today
    // 10:20 today, in the UTC hour that starts at 09:30 there: the 09:00 bar
    await send(shop, { type: 'LOGIN' }, { at: at('2026-06-15T04:50:00Z') });
    const today = await overview({ tz: 'Asia/Kolkata', period: 'today' });
    expect(today.health.sent.value).toBe(2);
    expect(today.timeline[0]).toMatchObject({ label: '2026-06-15T00:00', byType: { OTHER: 1 } });
    expect(today.timeline.find((b) => b.label === '2026-06-15T09:00')?.byType).toEqual({ LOGIN: 1 });
    expect(today.timeline.reduce((n, b) => n + (b.byType.VISIT ?? 0), 0)).toBe(0);
  });

  it('gives the day the clocks go back its 25 hours, for sends and for orders by event date', async () => {
    const at = (iso: string) => Date.parse(iso);
    const later = at('2026-11-01T12:00:00Z');
    await send(shop, { type: 'VISIT' }, { at: at('2026-10-24T21:30:00Z') }); // 23:30 CEST on the 24th
    await send(shop, { type: 'VISIT' }, { at: at('2026-10-24T22:10:00Z') }); // 00:10 CEST on the 25th
    await send(shop, { type: 'LOGIN' }, { at: at('2026-10-25T22:30:00Z') }); // 23:30 CET on the 25th
    await send(shop, { type: 'OTHER' }, { at: at('2026-10-25T23:10:00Z') }); // 00:10 CET on the 26th
    await send(
      shop,
      { type: 'PURCHASE', value: 12.5, detail9: 'EUR', date: at('2026-10-25T22:59:00Z') },
      { at: later - HOUR, source: 'backfill' },
    );
    const o = await getOverview(
      overviewQuerySchema.parse({
        period: 'custom',
        from: '2026-10-24',
        to: '2026-10-26',
        tz: 'Europe/Warsaw',
      }),
      later,
    );
    expect(o.timeline.map((b) => [b.label, b.byType, (b.end - b.start) / HOUR])).toEqual([
      ['2026-10-24', { VISIT: 1 }, 24],
      ['2026-10-25', { VISIT: 1, LOGIN: 1 }, 25],
      ['2026-10-26', { OTHER: 1 }, 24],
    ]);
    expect(o.worth.currencies[0]!.perDay).toEqual([
      { label: '2026-10-24', revenue: 0, orders: 0 },
      { label: '2026-10-25', revenue: 12.5, orders: 1 },
      { label: '2026-10-26', revenue: 0, orders: 0 },
    ]);
  });

  it('counts website events accepted and refused per local day and cause, per integration', async () => {
    countCollectorRefusal(shop, 'origin', NOW - HOUR);
    countCollectorRefusal(shop, 'origin', NOW - 2 * HOUR);
    countCollectorRefusal(shop, 'rate-limited', NOW - DAY);
    countCollectorRefusal(outlet, 'invalid', NOW - HOUR);
    // The refusals are written with the same group commit as this accepted event.
    await insertCollectedDelivery(
      {
        integrationId: shop,
        event: { type: 'VISIT', email: 'a@example.com' },
        pageUrl: null,
        origin: 'https://a.example',
        userAgent: null,
      },
      { name: 'Shop', detailLabels: {} },
      NOW - HOUR,
    );
    const { website } = await overview();
    expect(website.accepted).toBe(1);
    expect(website.refused).toEqual({ origin: 2, type: 0, 'rate-limited': 1, invalid: 1 });
    expect(website.perDay.at(-1)).toEqual({
      label: '2026-06-15',
      accepted: 1,
      refused: { origin: 2, type: 0, 'rate-limited': 0, invalid: 1 },
    });
    expect(website.perDay.at(-2)?.refused['rate-limited']).toBe(1);
    expect((await overview({ integrationId: outlet })).website).toMatchObject({
      accepted: 0,
      refused: { origin: 0, type: 0, 'rate-limited': 0, invalid: 1 },
    });
  });

  it('Needs attention’s groups read the rollup: the newest failure still unresolved, per reason', async () => {
    const older = await send(shop, { type: 'VISIT' }, { at: NOW - 3 * HOUR });
    const newer = await send(outlet, { type: 'VISIT' }, { at: NOW - 2 * HOUR });
    await settle(older, 'failed', 'owner-invalid');
    await settle(newer, 'failed', 'owner-invalid');
    expect(await attentionGroups()).toMatchObject([{ count: 2, integrations: 2, latestAt: NOW - 2 * HOUR }]);
    // The newer one is resent successfully: resolved, so the group's newest is the older one.
    await settle(await send(outlet, { type: 'VISIT' }, { source: 'resend', resendOf: newer }), 'succeeded');
    expect(await attentionGroups()).toMatchObject([{ count: 1, integrations: 1, latestAt: NOW - 3 * HOUR }]);
    expect(await attentionCount()).toBe(1);
  });

  it('refuses an integration that does not exist', async () => {
    await expect(overview({ integrationId: 999 })).rejects.toThrow(/does not exist/);
  });
});

// PostgreSQL plans a join of the plan's ranges to a rollup as a hash join that tests every row of the
// table against each range, unless told otherwise (overview-read.ts, pgInRanges): with 200 days of
// rollups and fresh statistics, every read must seek on the table's key instead.
describe('the overview on PostgreSQL', { timeout: PG_TEST_TIMEOUT }, () => {
  testOnEngine('pg');

  it('reads its rollups by key, never a whole rollup table', async () => {
    shop = await addTestIntegration({ name: 'Shop' });
    const { pool } = pgConnection();
    const lastHour = Math.floor(NOW / HOUR);
    const hours = `generate_series(${lastHour - 200 * 24}, ${lastHour}) h`;
    const tiers = `(values (1), (24)) s (span), (values (-1), (${shop})) g (id)`;
    await pool.query(`
      insert into rollup_sent (span_hours, bucket, integration_id, sent, delivered, type_visit, source_api)
        select distinct s.span, h / s.span, g.id, 5, 3, 2, 1 from ${hours}, ${tiers};
      insert into rollup_reasons (span_hours, bucket, integration_id, reason, failed)
        select distinct s.span, h / s.span, g.id, 'dns', 1 from ${hours}, ${tiers};
      insert into rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
        select distinct s.span, h / s.span, g.id, 27, 1 from ${hours}, ${tiers};
      insert into collector_refusals (span_hours, bucket, integration_id, cause, n)
        select distinct s.span, h / s.span, g.id, 'origin', 1 from ${hours}, ${tiers};
      insert into rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
        select distinct b.basis, s.span, h / s.span, g.id, 'EUR', 1, 10000, 1
        from ${hours}, ${tiers}, (values ('sent'), ('event')) b (basis);
      insert into rollup_products (basis, integration_id, product, day, n)
        select distinct b.basis, g.id, 'SKU-' || (h % 40), h / 24, 1 + h % 7
        from ${hours}, ${tiers}, (values ('sent'), ('event')) b (basis);
      insert into rollup_products_weekly (basis, integration_id, product, week, n)
        select basis, integration_id, product, day / 7, sum(n) from rollup_products group by 1, 2, 3, 4;
      analyze`);
    const ran: Array<{ text: string; values: unknown[] }> = [];
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    pool.query = ((...args: unknown[]) => {
      const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[]?];
      const text = typeof first === 'string' ? first : first.text;
      if (/rollup_(?!attention)|collector_refusals/.test(text))
        // drizzle passes the values beside a config object, raw callers inside it.
        ran.push({ text, values: second ?? (typeof first === 'string' ? [] : first.values) ?? [] });
      return query(...args);
    }) as typeof pool.query;
    try {
      for (const q of [
        { period: '90d', tz: 'Europe/Warsaw' },
        { period: '30d', tz: 'Asia/Kolkata', integrationId: shop, basis: 'sent' },
        { period: 'today', integrationId: shop },
      ])
        await overview(q);
    } finally {
      pool.query = query as typeof pool.query;
    }
    expect(ran.length).toBeGreaterThanOrEqual(3 * 7);
    for (const { text, values } of ran) {
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, text).not.toMatch(/Seq Scan on (rollup_\w+|collector_refusals)/);
      expect(plan, text).not.toMatch(/Hash Join/);
    }
  });
});
