import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'state-test-key-that-is-long-enough-0001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { claimDeliveriesSync, inTransactionSync } = await import('./delivery-state');
const { dueDeliveryIdsSync } = await import('./delivery-due');
const { insertTestIntegration } = await import('./test-helpers');

const NOW = 1_800_000_000_000;
const d = schema.deliveries;
let db: ReturnType<typeof openDb>;
let integrationId = 0;

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
  integrationId = insertTestIntegration(db);
});

/** A delivery, queued unless `state` says otherwise; returns its id. */
async function delivery(state: Partial<typeof d.$inferInsert> = {}): Promise<number> {
  const { id } = await insertDelivery({
    integration: { id: integrationId, name: 'Shop' },
    source: 'api',
    operation: 'add',
    event: { type: 'OTHER', email: 'a@example.com' },
    now: NOW - 60_000,
  });
  if (Object.keys(state).length) db.update(d).set(state).where(eq(d.id, id)).run();
  return id;
}

const dueIds = (limit = 100) => dueDeliveryIdsSync(NOW, limit).map((r) => r.id);

describe('dueDeliveryIdsSync', () => {
  it('returns queued and due retrying deliveries together, oldest first', async () => {
    const a = await delivery({ status: 'retrying', nextAttemptAt: NOW - 1 });
    const b = await delivery();
    const c = await delivery({ status: 'retrying', nextAttemptAt: NOW });
    const e = await delivery();
    expect(dueIds()).toEqual([a, b, c, e]);
  });

  it('leaves out retries not yet due, leased rows and rows in other states', async () => {
    const due = await delivery();
    await delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    await delivery({ leaseOwner: 'other', leaseUntil: NOW + 60_000 });
    const leaseRanOut = await delivery({ status: 'retrying', nextAttemptAt: NOW - 5, leaseUntil: NOW - 1 });
    await delivery({ status: 'sending', leaseUntil: NOW + 60_000 });
    await delivery({ status: 'succeeded' });
    await delivery({ status: 'failed' });
    expect(dueIds()).toEqual([due, leaseRanOut]);
  });

  it('takes the oldest up to the limit across both states', async () => {
    const ids = [
      await delivery({ status: 'retrying', nextAttemptAt: NOW - 10 }),
      await delivery(),
      await delivery({ status: 'retrying', nextAttemptAt: NOW - 20 }),
      await delivery(),
      await delivery(),
    ];
    expect(dueIds(3)).toEqual(ids.slice(0, 3));
  });
});

describe('inTransactionSync', () => {
  it('undoes a claim when what follows it in the same transaction fails', async () => {
    const id = await delivery();
    expect(() =>
      inTransactionSync(() => {
        expect(claimDeliveriesSync([id], 'me', NOW, 60_000)).toHaveLength(1);
        throw new Error('starting the attempt failed');
      }),
    ).toThrow('starting the attempt failed');
    expect(db.select({ status: d.status }).from(d).where(eq(d.id, id)).get()?.status).toBe('queued');
    expect(dueIds()).toEqual([id]);
  });
});
