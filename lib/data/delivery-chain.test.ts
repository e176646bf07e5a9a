import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'chain-test-key-that-is-long-enough-0001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { settleDeliveries } = await import('./delivery-state');
const { deliveryChain, markDelivered, stopRetrying, stopRetryingOne } = await import('./delivery-chain');
const { attentionCount, attentionGroups, pendingDecisions } = await import('./attention');
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

async function delivery(
  state: Partial<typeof d.$inferInsert> = {},
  resendOf: number | null = null,
): Promise<number> {
  const { id } = await insertDelivery({
    integration: { id: integrationId, name: 'Shop' },
    source: resendOf ? 'resend' : 'api',
    operation: 'add',
    event: { type: 'PURCHASE', email: 'a@example.com' },
    resendOf,
    now: NOW - 60_000,
  });
  if (Object.keys(state).length) db.update(d).set(state).where(eq(d.id, id)).run();
  return id;
}
const row = (id: number) => db.select().from(d).where(eq(d.id, id)).get()!;
const succeed = (id: number) =>
  settleDeliveries([id], 'me', {
    status: 'succeeded',
    reason: null,
    reasonMessage: null,
    lastHttpStatus: 200,
    lastDurationMs: 5,
    nextAttemptAt: null,
    now: NOW,
  });

describe('a resend that succeeds', () => {
  it('stops the retrying deliveries up its chain, naming itself', async () => {
    const original = await delivery({
      status: 'retrying',
      reason: 'http-rate-limited',
      nextAttemptAt: NOW + 1,
    });
    const failedResend = await delivery({ status: 'failed', reason: 'owner-invalid' }, original);
    const resend = await delivery({ status: 'sending', leaseOwner: 'me' }, failedResend);
    expect(await succeed(resend)).toBe(1);
    expect(row(original)).toMatchObject({ status: 'cancelled', reason: 'replaced', replacedBy: resend });
    // A failed one is history: it stays as it ended.
    expect(row(failedResend)).toMatchObject({ status: 'failed', replacedBy: null });
    expect((await deliveryChain(failedResend)).map((l) => l.id)).toEqual([original, failedResend, resend]);
  });

  it('leaves alone what it did not resend, and a plain success stops nothing', async () => {
    const other = await delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    const plain = await delivery({ status: 'sending', leaseOwner: 'me' });
    await succeed(plain);
    expect(row(other).status).toBe('retrying');
  });
});

describe('stopping and deciding', () => {
  it('stops waiting and retrying deliveries, not ended or sending ones', async () => {
    const retrying = await delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    const done = await delivery({ status: 'succeeded' });
    const sending = await delivery({ status: 'sending', leaseOwner: 'x' });
    expect(await stopRetrying([retrying, done, sending], 'Stopped by a@b.c: duplicate order', NOW)).toBe(1);
    expect(row(retrying)).toMatchObject({
      status: 'cancelled',
      reason: 'stopped',
      reasonMessage: 'Stopped by a@b.c: duplicate order',
      nextAttemptAt: null,
      completedAt: NOW,
    });
    await expect(stopRetryingOne(sending, null, NOW)).rejects.toThrow(/being sent right now/);
    await expect(stopRetryingOne(done, null, NOW)).rejects.toThrow(/already ended/);
  });

  it('marks only a delivery waiting for a decision as delivered', async () => {
    const waiting = await delivery({ status: 'failed', reason: 'maybe-stored', possibleDuplicate: true });
    const refused = await delivery({ status: 'failed', reason: 'owner-invalid' });
    expect((await pendingDecisions()).map((p) => p.id)).toEqual([waiting]);
    await markDelivered(waiting, 'Marked as delivered by a@b.c.', NOW);
    expect(row(waiting)).toMatchObject({ status: 'succeeded', reason: 'marked-delivered' });
    await expect(markDelivered(refused, null, NOW)).rejects.toThrow(/not waiting for that decision/);
    expect(await pendingDecisions()).toEqual([]);
  });
});

describe('Needs attention', () => {
  it('shows failed rows, and retrying rows that will not clear by waiting, from one source', async () => {
    expect(await attentionCount()).toBe(0);
    await delivery({ status: 'retrying', reason: 'timeout', attemptCount: 2, nextAttemptAt: NOW + 5 }); // clears
    await delivery({ status: 'retrying', reason: 'dns', attemptCount: 1, nextAttemptAt: NOW + 10 });
    await delivery({ status: 'retrying', reason: 'timeout', attemptCount: 3, nextAttemptAt: NOW + 20 });
    await delivery({ status: 'failed', reason: 'timeout' });
    await delivery({ status: 'cancelled', reason: 'stopped' });
    const groups = await attentionGroups();
    expect(await attentionCount()).toBe(3);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(3);
    expect(groups.find((g) => g.reason.code === 'dns')).toMatchObject({
      count: 1,
      retrying: 1,
      nextAttemptAt: NOW + 10,
    });
    expect(groups.find((g) => g.reason.code === 'timeout')).toMatchObject({
      count: 2,
      retrying: 1,
      nextAttemptAt: NOW + 20,
    });
  });
});
