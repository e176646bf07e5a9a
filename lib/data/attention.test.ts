import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'attention-test-key-that-is-long-enough-01';

const { schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const { insertDelivery } = await import('./deliveries');
const attention = await import('./attention');
const { db } = await import('./engine');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');
const { deliveryFiltersSchema } = await import('@/lib/validations/delivery');

const NOW = 1_800_000_000_000;
let shop = 0;

async function delivery(values: Partial<typeof schema.deliveries.$inferInsert>, type = 'PURCHASE') {
  const { id } = await insertDelivery({
    integration: { id: shop, name: 'Shop' },
    source: 'api',
    operation: 'add',
    event: { type, email: 'a@example.com' } as never,
    now: NOW - 60_000,
  });
  await db().update(schema.deliveries).set(values).where(eq(schema.deliveries.id, id));
  return id;
}

const noFilters = () => {
  const { cursor: _c, limit: _l, ...rest } = deliveryFiltersSchema.parse({});
  return rest;
};

describe.each(ENGINES)('Needs attention on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    shop = await addTestIntegration();
  });

  it('counts and groups what needs a person, newest first per reason, and leaves out what a resend fixed', async () => {
    const old = await delivery({ status: 'failed', reason: 'contact-not-found', createdAt: NOW - 5_000 });
    const newer = await delivery({ status: 'failed', reason: 'contact-not-found', createdAt: NOW - 1_000 });
    const fixed = await delivery({ status: 'failed', reason: 'owner-invalid' });
    await delivery({ status: 'succeeded', resendOf: fixed });
    const stuck = await delivery({
      status: 'retrying',
      reason: 'timeout',
      attemptCount: 3,
      nextAttemptAt: NOW + 10,
    });
    await delivery({ status: 'retrying', reason: 'timeout', attemptCount: 1, nextAttemptAt: NOW + 5 });
    expect(await attention.attentionCount()).toBe(3);
    expect(await attention.attentionTotals(shop)).toEqual({ failed: 2, retrying: 1 });
    // created_at only grows (the monotonic trigger of both engines): read what it became.
    const [{ stuckAt }] = (await db()
      .select({ stuckAt: schema.deliveries.createdAt })
      .from(schema.deliveries)
      .where(eq(schema.deliveries.id, stuck))) as [{ stuckAt: number }];
    const groups = await attention.attentionGroups();
    expect(
      groups.map((g) => [g.reason.code, g.count, g.retrying, g.integrations, g.latestAt, g.nextAttemptAt]),
    ).toEqual([
      ['contact-not-found', 2, 0, 1, NOW - 1_000, null],
      ['timeout', 1, 1, 1, stuckAt, NOW + 10],
    ]);
    expect(newer).toBeGreaterThan(old);
  });

  it('dates a group by its newest failure also when the failures have no reason (the rollup row of an empty reason)', async () => {
    await delivery({ status: 'failed', reason: null, createdAt: NOW - 4_000 });
    await delivery({ status: 'failed', reason: null, createdAt: NOW - 2_000 });
    await delivery({ status: 'failed', reason: 'timeout', createdAt: NOW - 3_000 });
    const groups = await attention.attentionGroups();
    expect(groups.map((g) => [g.reason.code, g.count, g.latestAt]).sort()).toEqual([
      ['rejected-other', 2, NOW - 2_000],
      ['timeout', 1, NOW - 3_000],
    ]);
  });

  it('bulk retry: counts, pages the ids of both statuses in order, and makes them due', async () => {
    const ids = [
      await delivery({ status: 'failed', reason: 'timeout' }),
      await delivery({ status: 'retrying', reason: 'timeout', nextAttemptAt: NOW + 60_000 }),
      await delivery({ status: 'failed', reason: 'timeout' }),
      await delivery({ status: 'succeeded' }),
    ];
    const { count, maxId } = await attention.countForBulk('retry', noFilters());
    expect({ count, maxId }).toEqual({ count: 3, maxId: ids[2] });
    expect(await attention.bulkIdsAfter('retry', noFilters(), 0, maxId, 2)).toEqual([ids[0], ids[1]]);
    expect(await attention.bulkIdsAfter('retry', noFilters(), ids[1]!, maxId, 2)).toEqual([ids[2]]);
    expect(await attention.retryNow(ids, NOW)).toBe(3);
    const rows = await db().select().from(schema.deliveries).orderBy(schema.deliveries.id);
    expect(rows.map((r) => [r.status, r.nextAttemptAt])).toEqual([
      ['retrying', NOW],
      ['retrying', NOW],
      ['retrying', NOW],
      ['succeeded', null],
    ]);
  });

  it('lists the deliveries waiting for a decision, newest first', async () => {
    const first = await delivery({ status: 'failed', reason: 'maybe-stored' });
    const second = await delivery({ status: 'failed', reason: 'maybe-stored' }, 'CART');
    await delivery({ status: 'failed', reason: 'timeout' });
    expect((await attention.pendingDecisions()).map((p) => [p.id, p.type])).toEqual([
      [second, 'CART'],
      [first, 'PURCHASE'],
    ]);
  });
});
