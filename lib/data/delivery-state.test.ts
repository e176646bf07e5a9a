import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'state-test-key-that-is-long-enough-0001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { claimDeliveries, inTransaction } = await import('./delivery-state');
const { dueDeliveryIds } = await import('./delivery-due');
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
function delivery(state: Partial<typeof d.$inferInsert> = {}): number {
  const { id } = insertDelivery({
    integration: { id: integrationId, name: 'Shop' },
    source: 'api',
    operation: 'add',
    event: { type: 'OTHER', email: 'a@example.com' },
    now: NOW - 60_000,
  });
  if (Object.keys(state).length) db.update(d).set(state).where(eq(d.id, id)).run();
  return id;
}

const dueIds = (limit = 100) => dueDeliveryIds(NOW, limit).map((r) => r.id);

describe('dueDeliveryIds', () => {
  it('returns queued and due retrying deliveries together, oldest first', () => {
    const a = delivery({ status: 'retrying', nextAttemptAt: NOW - 1 });
    const b = delivery();
    const c = delivery({ status: 'retrying', nextAttemptAt: NOW });
    const e = delivery();
    expect(dueIds()).toEqual([a, b, c, e]);
  });

  it('leaves out retries not yet due, leased rows and rows in other states', () => {
    const due = delivery();
    delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    delivery({ leaseOwner: 'other', leaseUntil: NOW + 60_000 });
    const leaseRanOut = delivery({ status: 'retrying', nextAttemptAt: NOW - 5, leaseUntil: NOW - 1 });
    delivery({ status: 'sending', leaseUntil: NOW + 60_000 });
    delivery({ status: 'succeeded' });
    delivery({ status: 'failed' });
    expect(dueIds()).toEqual([due, leaseRanOut]);
  });

  it('takes the oldest up to the limit across both states', () => {
    const ids = [
      delivery({ status: 'retrying', nextAttemptAt: NOW - 10 }),
      delivery(),
      delivery({ status: 'retrying', nextAttemptAt: NOW - 20 }),
      delivery(),
      delivery(),
    ];
    expect(dueIds(3)).toEqual(ids.slice(0, 3));
  });
});

describe('inTransaction', () => {
  it('undoes a claim when what follows it in the same transaction fails', () => {
    const id = delivery();
    expect(() =>
      inTransaction(() => {
        expect(claimDeliveries([id], 'me', NOW, 60_000)).toHaveLength(1);
        throw new Error('starting the attempt failed');
      }),
    ).toThrow('starting the attempt failed');
    expect(db.select({ status: d.status }).from(d).where(eq(d.id, id)).get()?.status).toBe('queued');
    expect(dueIds()).toEqual([id]);
  });
});
