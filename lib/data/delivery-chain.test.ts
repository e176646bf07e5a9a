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

function delivery(state: Partial<typeof d.$inferInsert> = {}, resendOf: number | null = null): number {
  const { id } = insertDelivery({
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
  it('stops the retrying deliveries up its chain, naming itself', () => {
    const original = delivery({ status: 'retrying', reason: 'http-rate-limited', nextAttemptAt: NOW + 1 });
    const failedResend = delivery({ status: 'failed', reason: 'owner-invalid' }, original);
    const resend = delivery({ status: 'sending', leaseOwner: 'me' }, failedResend);
    expect(succeed(resend)).toBe(1);
    expect(row(original)).toMatchObject({ status: 'cancelled', reason: 'replaced', replacedBy: resend });
    // A failed one is history: it stays as it ended.
    expect(row(failedResend)).toMatchObject({ status: 'failed', replacedBy: null });
    expect(deliveryChain(failedResend).map((l) => l.id)).toEqual([original, failedResend, resend]);
  });

  it('leaves alone what it did not resend, and a plain success stops nothing', () => {
    const other = delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    const plain = delivery({ status: 'sending', leaseOwner: 'me' });
    succeed(plain);
    expect(row(other).status).toBe('retrying');
  });
});

describe('stopping and deciding', () => {
  it('stops waiting and retrying deliveries, not ended or sending ones', () => {
    const retrying = delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    const done = delivery({ status: 'succeeded' });
    const sending = delivery({ status: 'sending', leaseOwner: 'x' });
    expect(stopRetrying([retrying, done, sending], 'Stopped by a@b.c: duplicate order', NOW)).toBe(1);
    expect(row(retrying)).toMatchObject({
      status: 'cancelled',
      reason: 'stopped',
      reasonMessage: 'Stopped by a@b.c: duplicate order',
      nextAttemptAt: null,
      completedAt: NOW,
    });
    expect(() => stopRetryingOne(sending, null, NOW)).toThrow(/being sent right now/);
    expect(() => stopRetryingOne(done, null, NOW)).toThrow(/already ended/);
  });

  it('marks only a delivery waiting for a decision as delivered', () => {
    const waiting = delivery({ status: 'failed', reason: 'maybe-stored', possibleDuplicate: true });
    const refused = delivery({ status: 'failed', reason: 'owner-invalid' });
    expect(pendingDecisions().map((p) => p.id)).toEqual([waiting]);
    markDelivered(waiting, 'Marked as delivered by a@b.c.', NOW);
    expect(row(waiting)).toMatchObject({ status: 'succeeded', reason: 'marked-delivered' });
    expect(() => markDelivered(refused, null, NOW)).toThrow(/not waiting for that decision/);
    expect(pendingDecisions()).toEqual([]);
  });
});

describe('Needs attention', () => {
  it('shows failed rows, and retrying rows that will not clear by waiting, from one source', () => {
    expect(attentionCount()).toBe(0);
    delivery({ status: 'retrying', reason: 'timeout', attemptCount: 2, nextAttemptAt: NOW + 5 }); // clears
    delivery({ status: 'retrying', reason: 'dns', attemptCount: 1, nextAttemptAt: NOW + 10 });
    delivery({ status: 'retrying', reason: 'timeout', attemptCount: 3, nextAttemptAt: NOW + 20 });
    delivery({ status: 'failed', reason: 'timeout' });
    delivery({ status: 'cancelled', reason: 'stopped' });
    const groups = attentionGroups();
    expect(attentionCount()).toBe(3);
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
