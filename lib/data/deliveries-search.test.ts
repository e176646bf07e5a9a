import { beforeEach, describe, expect, it } from 'vitest';

import { deliveryFiltersSchema } from '@/lib/validations/delivery';

process.env.APP_SECRET_KEY ??= 'search-test-key-that-is-long-enough-0001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { listDeliveries } = await import('./deliveries-list');
const { exportDeliveriesCsv } = await import('./deliveries-export');
const { driverTrigrams } = await import('./deliveries-search');
const { insertTestIntegration } = await import('./test-helpers');
const { eq, sql } = await import('drizzle-orm');

type Db = ReturnType<typeof openDb>;
let db: Db;
let shop: { id: number; name: string };
let outlet: { id: number; name: string };

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
  shop = { id: insertTestIntegration(db, { name: 'Shop' }), name: 'Shop' };
  outlet = { id: insertTestIntegration(db, { name: 'Outlet' }), name: 'Outlet' };
});

type EventInput = Parameters<typeof insertDelivery>[0]['event'];
const add = async (event: Partial<EventInput>, integration = shop) =>
  (
    await insertDelivery({
      integration,
      source: 'api',
      operation: 'add',
      event: { type: 'PURCHASE', email: 'anna.nowak@example.com', ...event } as EventInput,
    })
  ).id;

const search = async (q: string, extra: Record<string, unknown> = {}, budget?: number) =>
  await listDeliveries(deliveryFiltersSchema.parse({ q, ...extra }), budget);
const ids = async (q: string, extra: Record<string, unknown> = {}) =>
  (await search(q, extra)).items.map((d) => d.id);

describe('history search', () => {
  it('finds any part of the contact, order number, products, description, details and message', async () => {
    const a = await add({
      email: 'client12345@shop.pl',
      externalId: 'ORD-42-XY',
      products: 'SKU-7788,SKU-1',
    });
    const b = await add({
      email: 'other@example.com',
      description: 'Winter jacket',
      detail3: 'Kraków store',
    });
    const c = await add({ contactId: 'c0ffee-77', products: 'BOOT-9' });
    db.update(schema.deliveries)
      .set({ reasonMessage: 'Contact with given email does not exist' })
      .where(eq(schema.deliveries.id, c))
      .run();
    expect(await ids('12345@')).toEqual([a]);
    expect(await ids('ord-42')).toEqual([a]); // case folded
    expect(await ids('7788')).toEqual([a]);
    expect(await ids('JACKET')).toEqual([b]);
    expect(await ids('kraków')).toEqual([b]);
    expect(await ids('ffee-7')).toEqual([c]);
    expect(await ids('does not exist')).toEqual([c]); // the message written after the insert
    expect(await ids('no-such-thing')).toEqual([]);
  });

  it('confirms the whole term, not just the trigrams that found the candidates', async () => {
    const hit = await add({ email: 'x99z@example.com' });
    await add({ email: 'z99x@example.com', description: 'x99 and 99z' }); // every trigram, never the term
    expect(await ids('x99z')).toEqual([hit]);
  });

  it('combines with every filter and pages with the cursor', async () => {
    const mine: number[] = [];
    for (let i = 0; i < 5; i++) mine.push(await add({ email: `token-abc${i}@example.com` }));
    await add({ email: 'token-abc-cart@example.com', type: 'CART' });
    const elsewhere = await add({ email: 'token-abc-outlet@example.com' }, outlet);
    expect(await ids('token-abc', { type: 'CART' })).toHaveLength(1);
    expect(await ids('token-abc', { integrationId: outlet.id })).toEqual([elsewhere]);
    const first = await search('token-abc', { integrationId: shop.id, type: 'PURCHASE', limit: 3 });
    expect(first.items.map((d) => d.id)).toEqual([mine[4], mine[3], mine[2]]);
    const second = await search('token-abc', {
      integrationId: shop.id,
      type: 'PURCHASE',
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.items.map((d) => d.id)).toEqual([mine[1], mine[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('ends a page early past its budget of candidates, with a cursor that goes on', async () => {
    // 1,200 candidates hold the driving trigrams but not the term; the one match is the oldest row.
    const match = await add({ email: 'needle-777@example.com' });
    for (let i = 0; i < 1200; i++) await add({ email: `e-777-${i}@example.com` });
    const first = await search('needle-777', {}, 1000);
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const rest = await search('needle-777', { cursor: first.nextCursor }, 1000);
    expect(rest.items.map((d) => d.id)).toEqual([match]);
  });

  it('keeps the index in step: a deleted delivery leaves no row in it', async () => {
    const id = await add({ email: 'gone-soon@example.com' });
    const indexed = () => db.get<{ n: number }>(sql`select count(*) n from deliveries_fts`).n;
    expect(indexed()).toBe(1);
    db.delete(schema.deliveries).where(eq(schema.deliveries.id, id)).run();
    expect(indexed()).toBe(0);
    expect(await ids('gone-soon')).toEqual([]);
  });

  it('exports and counts with the same search', async () => {
    const a = await add({ email: 'export-me-1@example.com' });
    await add({ email: 'someone@example.com' });
    const text = await new Response(
      exportDeliveriesCsv({ ...deliveryFiltersSchema.parse({ q: 'export-me' }) }),
    ).text();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith(`${a},`)).toBe(true);
  });

  it('refuses a term shorter than three characters instead of scanning', () => {
    const r = deliveryFiltersSchema.safeParse({ q: 'ab' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Type at least 3 characters to search.');
    expect(deliveryFiltersSchema.safeParse({ q: 'abc' }).success).toBe(true);
    expect(deliveryFiltersSchema.safeParse({ q: '  ' }).success).toBe(true); // no search at all
  });
});

describe('driver trigrams', () => {
  it('prefers digits and punctuation, the rare parts of emails and order numbers', () => {
    expect(driverTrigrams('shopper123@').sort()).toEqual(['123', '23@', 'r12']);
    expect(driverTrigrams('ORD-150321').sort()).toEqual(['032', '321', '503']);
    expect(driverTrigrams('ab')).toEqual([]);
  });
});
