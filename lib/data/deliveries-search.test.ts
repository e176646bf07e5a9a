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
const add = (event: Partial<EventInput>, integration = shop) =>
  insertDelivery({
    integration,
    source: 'api',
    operation: 'add',
    event: { type: 'PURCHASE', email: 'anna.nowak@example.com', ...event } as EventInput,
  }).id;

const search = (q: string, extra: Record<string, unknown> = {}, budget?: number) =>
  listDeliveries(deliveryFiltersSchema.parse({ q, ...extra }), budget);
const ids = (q: string, extra: Record<string, unknown> = {}) => search(q, extra).items.map((d) => d.id);

describe('history search', () => {
  it('finds any part of the contact, order number, products, description, details and message', () => {
    const a = add({ email: 'client12345@shop.pl', externalId: 'ORD-42-XY', products: 'SKU-7788,SKU-1' });
    const b = add({ email: 'other@example.com', description: 'Winter jacket', detail3: 'Kraków store' });
    const c = add({ contactId: 'c0ffee-77', products: 'BOOT-9' });
    db.update(schema.deliveries)
      .set({ reasonMessage: 'Contact with given email does not exist' })
      .where(eq(schema.deliveries.id, c))
      .run();
    expect(ids('12345@')).toEqual([a]);
    expect(ids('ord-42')).toEqual([a]); // case folded
    expect(ids('7788')).toEqual([a]);
    expect(ids('JACKET')).toEqual([b]);
    expect(ids('kraków')).toEqual([b]);
    expect(ids('ffee-7')).toEqual([c]);
    expect(ids('does not exist')).toEqual([c]); // the message written after the insert
    expect(ids('no-such-thing')).toEqual([]);
  });

  it('confirms the whole term, not just the trigrams that found the candidates', () => {
    const hit = add({ email: 'x99z@example.com' });
    add({ email: 'z99x@example.com', description: 'x99 and 99z' }); // every trigram, never the term
    expect(ids('x99z')).toEqual([hit]);
  });

  it('combines with every filter and pages with the cursor', () => {
    const mine = Array.from({ length: 5 }, (_, i) => add({ email: `token-abc${i}@example.com` }));
    add({ email: 'token-abc-cart@example.com', type: 'CART' });
    const elsewhere = add({ email: 'token-abc-outlet@example.com' }, outlet);
    expect(ids('token-abc', { type: 'CART' })).toHaveLength(1);
    expect(ids('token-abc', { integrationId: outlet.id })).toEqual([elsewhere]);
    const first = search('token-abc', { integrationId: shop.id, type: 'PURCHASE', limit: 3 });
    expect(first.items.map((d) => d.id)).toEqual([mine[4], mine[3], mine[2]]);
    const second = search('token-abc', {
      integrationId: shop.id,
      type: 'PURCHASE',
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.items.map((d) => d.id)).toEqual([mine[1], mine[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('ends a page early past its budget of candidates, with a cursor that goes on', () => {
    // 1,200 candidates hold the driving trigrams but not the term; the one match is the oldest row.
    const match = add({ email: 'needle-777@example.com' });
    for (let i = 0; i < 1200; i++) add({ email: `e-777-${i}@example.com` });
    const first = search('needle-777', {}, 1000);
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const rest = search('needle-777', { cursor: first.nextCursor }, 1000);
    expect(rest.items.map((d) => d.id)).toEqual([match]);
  });

  it('keeps the index in step: a deleted delivery leaves no row in it', () => {
    const id = add({ email: 'gone-soon@example.com' });
    const indexed = () => db.get<{ n: number }>(sql`select count(*) n from deliveries_fts`).n;
    expect(indexed()).toBe(1);
    db.delete(schema.deliveries).where(eq(schema.deliveries.id, id)).run();
    expect(indexed()).toBe(0);
    expect(ids('gone-soon')).toEqual([]);
  });

  it('exports and counts with the same search', async () => {
    const a = add({ email: 'export-me-1@example.com' });
    add({ email: 'someone@example.com' });
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
