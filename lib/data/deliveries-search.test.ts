import { beforeEach, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { deliveryFiltersSchema } from '@/lib/validations/delivery';

process.env.APP_SECRET_KEY ??= 'search-test-key-that-is-long-enough-0001';

const { engineKind, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { listDeliveries } = await import('./deliveries-list');
type SearchLimits = import('./deliveries-list').SearchLimits;
const { countExport, exportDeliveriesCsv } = await import('./deliveries-export');
const { driverTrigrams, likePattern } = await import('./deliveries-search');
const { countForBulk } = await import('./attention');
const { db, rawRows } = await import('./engine');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');
const { eq, sql } = await import('drizzle-orm');

let shop: { id: number; name: string };
let outlet: { id: number; name: string };

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

const search = async (q: string, extra: Record<string, unknown> = {}, limits?: Partial<SearchLimits>) =>
  await listDeliveries(deliveryFiltersSchema.parse({ q, ...extra }), limits);
const ids = async (q: string, extra: Record<string, unknown> = {}) =>
  (await search(q, extra)).items.map((d) => d.id);

/** Adds the two integrations the tests send for, on the engine of the enclosing describe. */
function withIntegrations() {
  beforeEach(async () => {
    shop = { id: await addTestIntegration({ name: 'Shop' }), name: 'Shop' };
    outlet = { id: await addTestIntegration({ name: 'Outlet' }), name: 'Outlet' };
  });
}

describe.each(ENGINES)('history search on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  withIntegrations();

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
    await db()
      .update(schema.deliveries)
      .set({ reasonMessage: 'Contact with given email does not exist' })
      .where(eq(schema.deliveries.id, c));
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

  it('keeps the index in step: a deleted delivery leaves no row in it', async () => {
    const id = await add({ email: 'gone-soon@example.com' });
    // Each engine's own index: FTS5's table on SQLite, the pg_trgm table on PostgreSQL.
    const table = sql.raw(engineKind() === 'pg' ? 'deliveries_search' : 'deliveries_fts');
    const indexed = async () => (await rawRows<{ n: number }>(sql`select count(*) as n from ${table}`))[0]!.n;
    expect(await indexed()).toBe(1);
    await db().delete(schema.deliveries).where(eq(schema.deliveries.id, id));
    expect(await indexed()).toBe(0);
    expect(await ids('gone-soon')).toEqual([]);
  });

  it('exports, counts and picks bulk retries with the same search', async () => {
    const a = await add({ email: 'export-me-1@example.com' });
    await add({ email: 'someone@example.com' });
    const { cursor: _c, limit: _l, ...filters } = deliveryFiltersSchema.parse({ q: 'export-me' });
    const text = await new Response(exportDeliveriesCsv(filters)).text();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith(`${a},`)).toBe(true);
    expect(await countExport(filters)).toEqual({ count: 1, maxId: a });
    // Needs attention's bulk actions filter with the history's conditions (deliveryConditions).
    await db().update(schema.deliveries).set({ status: 'failed' });
    expect(await countForBulk('retry', filters)).toEqual({ count: 1, maxId: a });
  });

  it('matches %, _ and \\ in a term literally, never as wildcards', async () => {
    const percent = await add({ email: 'promo@example.com', description: 'coupon 50%_off today' });
    await add({ email: 'other@example.com', description: 'coupon 50xyoff today' }); // % and _ as wildcards
    const backslash = await add({ email: 'path@example.com', description: 'dir C:\\shop\\x_1' });
    await add({ email: 'path2@example.com', description: 'dir C:/shop/xa1' });
    expect(await ids('50%_off')).toEqual([percent]);
    expect(await ids('%_o')).toEqual([percent]);
    expect(await ids('\\shop\\x_1')).toEqual([backslash]);
    expect(await ids('p\\x')).toEqual([backslash]);
    expect(await ids('___')).toEqual([]);
    expect(await ids('%%%')).toEqual([]);
    const { cursor: _c, limit: _l, ...filters } = deliveryFiltersSchema.parse({ q: '50%_off' });
    expect(await countExport(filters)).toEqual({ count: 1, maxId: percent });
  });

  it('folds ASCII case both ways', async () => {
    const upper = await add({ email: 'UPPER.Case@Example.com', externalId: 'ORD-ABC-9' });
    expect(await ids('upper.case@')).toEqual([upper]);
    expect(await ids('ord-abc')).toEqual([upper]);
    expect(await ids('ORD-ABC-9')).toEqual([upper]);
  });

  it('refuses a term shorter than three characters instead of scanning', () => {
    const r = deliveryFiltersSchema.safeParse({ q: 'ab' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Type at least 3 characters to search.');
    expect(deliveryFiltersSchema.safeParse({ q: 'abc' }).success).toBe(true);
    expect(deliveryFiltersSchema.safeParse({ q: '  ' }).success).toBe(true); // no search at all
  });
});

// SQLite's walk over FTS5's candidates has a budget per request; PostgreSQL plans the search with the
// filters in one query and has no walk to bound.
describe('the SQLite search walk', () => {
  testOnEngine('sqlite');
  withIntegrations();

  it('ends a page early past its budget of candidates, with a cursor that goes on', async () => {
    // 1,200 candidates hold the driving trigrams but not the term; the one match is the oldest row.
    const match = await add({ email: 'needle-777@example.com' });
    for (let i = 0; i < 1200; i++) await add({ email: `e-777-${i}@example.com` });
    const first = await search('needle-777', {}, { budget: 1000 });
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    expect(first.searchedBack?.createdAt).toEqual(expect.any(Number));
    const rest = await search('needle-777', { cursor: first.nextCursor }, { budget: 1000 });
    expect(rest.items.map((d) => d.id)).toEqual([match]);
    expect(rest.searchedBack).toBeUndefined();
  });

  it('searches a window of ids per request, says how far back it looked, and goes on below it', async () => {
    const old = await add({ email: 'window-old@example.com' });
    for (let i = 0; i < 8; i++) await add({ email: `filler-${i}@example.com` });
    const recent = await add({ email: 'window-new@example.com' });
    // A window of 5 ids: the newest 5 (the recent match and 4 fillers); the old match lies below it.
    const first = await search('window-', {}, { window: 5 });
    expect(first.items.map((d) => d.id)).toEqual([recent]);
    expect(first.nextCursor).toBe(recent - 4);
    // How far back it looked: the oldest delivery of the window, the fifth newest.
    const fifth = await rawRows<{ c: number }>(
      sql`select created_at as c from deliveries where id = ${recent - 4}`,
    );
    expect(first.searchedBack).toEqual({ createdAt: fifth[0]!.c });
    const second = await search('window-', { cursor: first.nextCursor }, { window: 5 });
    expect(second.items.map((d) => d.id)).toEqual([old]);
    // That window reached the oldest delivery: the search is whole, nothing more to say.
    expect(second.nextCursor).toBeNull();
    expect(second.searchedBack).toBeUndefined();
    // With the default window the whole history is one request's.
    expect((await search('window-')).items.map((d) => d.id)).toEqual([recent, old]);
  });

  it('fills the page within its window without stopping early', async () => {
    const all: number[] = [];
    for (let i = 0; i < 6; i++) all.push(await add({ email: `dense-${i}@example.com` }));
    const page = await search('dense-', { limit: 3 }, { window: 4 });
    expect(page.items.map((d) => d.id)).toEqual([all[5], all[4], all[3]]);
    expect(page.nextCursor).toBe(all[3]);
    expect(page.searchedBack).toBeUndefined();
  });

  it('bounds the index by integer rowids, which FTS5 honours (a REAL bound it ignores)', async () => {
    const { rowidBound } = await import('./deliveries-search');
    const [row] = await rawRows<{ t: string }>(sql`select typeof(${rowidBound(12)}) as t`);
    expect(row!.t).toBe('integer');
    const [plain] = await rawRows<{ t: string }>(sql`select typeof(${12}) as t`);
    expect(plain!.t).toBe('real'); // better-sqlite3 binds every number as a REAL: why the cast is there
  });
});

describe('driver trigrams', () => {
  it('prefers digits and punctuation, the rare parts of emails and order numbers', () => {
    expect(driverTrigrams('shopper123@').sort()).toEqual(['123', '23@', 'r12']);
    expect(driverTrigrams('ORD-150321').sort()).toEqual(['032', '321', '503']);
    expect(driverTrigrams('ab')).toEqual([]);
  });
});

describe('the LIKE pattern of a term (PostgreSQL)', () => {
  it('escapes the pattern characters with the ESCAPE character', () => {
    expect(likePattern('50%_off')).toBe('%50\\%\\_off%');
    expect(likePattern('a\\b')).toBe('%a\\\\b%');
    expect(likePattern('plain')).toBe('%plain%');
  });
});
