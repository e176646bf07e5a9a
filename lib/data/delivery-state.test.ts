import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'state-test-key-that-is-long-enough-0001';

const { schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const { insertDelivery } = await import('./deliveries');
const state = await import('./delivery-state');
const { dueDeliveryIds, pausedIntegrationIds } = await import('./delivery-due');
const { db, withTransaction } = await import('./engine');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');

const NOW = 1_800_000_000_000;
let integrationId = 0;

/** A delivery, queued unless `values` say otherwise; returns its id. */
async function delivery(
  values: Partial<typeof schema.deliveries.$inferInsert> = {},
  integration = integrationId,
): Promise<number> {
  const { id } = await insertDelivery({
    integration: { id: integration, name: 'Shop' },
    source: 'api',
    operation: 'add',
    event: { type: 'OTHER', email: 'a@example.com' },
    now: NOW - 60_000,
  });
  if (Object.keys(values).length)
    await db().update(schema.deliveries).set(values).where(eq(schema.deliveries.id, id));
  return id;
}

async function row(id: number) {
  const [found] = await db().select().from(schema.deliveries).where(eq(schema.deliveries.id, id));
  return found!;
}

const dueIds = async (limit = 100, at = NOW) => (await dueDeliveryIds(at, limit)).map((r) => r.id);

const settlement = (
  status: 'succeeded' | 'failed' | 'retrying',
): Parameters<typeof state.settleDeliveries>[2] => ({
  status,
  reason: status === 'succeeded' ? null : 'server-error',
  reasonMessage: null,
  lastHttpStatus: 200,
  lastDurationMs: 12,
  nextAttemptAt: status === 'retrying' ? NOW + 60_000 : null,
  now: NOW,
});

describe.each(ENGINES)('the delivery queue on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    integrationId = await addTestIntegration();
  });

  it('lists queued and due retrying deliveries together, oldest first, up to the limit', async () => {
    const a = await delivery({ status: 'retrying', nextAttemptAt: NOW - 1 });
    const b = await delivery();
    const c = await delivery({ status: 'retrying', nextAttemptAt: NOW });
    const e = await delivery();
    expect(await dueIds()).toEqual([a, b, c, e]);
    expect(await dueIds(3)).toEqual([a, b, c]);
  });

  it('leaves out retries not yet due, leased rows and rows in other states', async () => {
    const due = await delivery();
    await delivery({ status: 'retrying', nextAttemptAt: NOW + 1 });
    await delivery({ leaseOwner: 'other', leaseUntil: NOW + 60_000 });
    const leaseRanOut = await delivery({ status: 'retrying', nextAttemptAt: NOW - 5, leaseUntil: NOW - 1 });
    await delivery({ status: 'sending', leaseUntil: NOW + 60_000 });
    await delivery({ status: 'succeeded' });
    await delivery({ status: 'failed' });
    expect(await dueIds()).toEqual([due, leaseRanOut]);
  });

  it('skips the deliveries of a paused integration, in the list and at the claim', async () => {
    const other = await addTestIntegration({ name: 'Other' });
    const mine = await delivery();
    const theirs = await delivery({}, other);
    const theirRetry = await delivery({ status: 'retrying', nextAttemptAt: NOW - 1 }, other);
    await db().update(schema.integrations).set({ pausedAt: NOW }).where(eq(schema.integrations.id, other));
    expect(await pausedIntegrationIds()).toEqual([other]);
    expect(await dueIds()).toEqual([mine]);
    const claimed = await state.claimDeliveries([mine, theirs, theirRetry], 'me', NOW, 60_000);
    expect(claimed.map((c) => c.id)).toEqual([mine]);
  });

  it('claims a delivery once: its event, attempt number and lease; a second claim gets nothing', async () => {
    const id = await delivery();
    const [claimed] = await state.claimDeliveries([id], 'me', NOW, 60_000);
    expect(claimed).toEqual({
      id,
      integrationId,
      operation: 'add',
      event: { type: 'OTHER', email: 'a@example.com', date: NOW - 60_000 },
      attemptCount: 1,
      leaseOwner: 'me',
    });
    expect(await state.claimDeliveries([id], 'other', NOW, 60_000)).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'sending', leaseOwner: 'me', leaseUntil: NOW + 60_000 });
  });

  it('undoes a claim when what follows it in the same transaction fails', async () => {
    const id = await delivery();
    await expect(
      withTransaction(async () => {
        expect(await state.claimDeliveries([id], 'me', NOW, 60_000)).toHaveLength(1);
        throw new Error('starting the attempt failed');
      }),
    ).rejects.toThrow('starting the attempt failed');
    expect((await row(id)).status).toBe('queued');
    expect(await dueIds()).toEqual([id]);
  });

  it("records attempts in the order given, finishes them, and settles only this owner's lease", async () => {
    const ids = [await delivery(), await delivery(), await delivery()];
    await state.claimDeliveries(ids, 'me', NOW, 60_000);
    const attempts = await state.startAttempts(
      ids.map((deliveryId) => ({
        deliveryId,
        number: 1,
        url: 'https://x',
        request: { n: deliveryId },
        batchSize: 3,
      })),
      NOW,
    );
    const stored = await db().select().from(schema.attempts);
    expect(attempts).toEqual(ids.map((id) => stored.find((a) => a.deliveryId === id)!.id));
    expect(stored.map((a) => a.request)).toEqual(ids.map((n) => ({ n })));
    await state.finishAttempts(attempts.slice(0, 2), {
      durationMs: 12,
      httpStatus: 200,
      responseBody: '{"success":true}',
      responseTruncated: false,
      outcome: 'succeeded',
      reason: 'ok',
      message: null,
    });
    const outcomes = await db()
      .select({ id: schema.attempts.id, outcome: schema.attempts.outcome })
      .from(schema.attempts);
    expect(
      outcomes
        .filter((a) => a.outcome === 'succeeded')
        .map((a) => a.id)
        .sort(),
    ).toEqual(attempts.slice(0, 2).sort());
    expect(await state.settleDeliveries(ids, 'someone else', settlement('succeeded'))).toBe(0);
    expect(await state.settleDeliveries(ids.slice(0, 2), 'me', settlement('succeeded'))).toBe(2);
    expect(await state.settleDeliveries(ids.slice(2), 'me', settlement('retrying'))).toBe(1);
    expect(await row(ids[0]!)).toMatchObject({ status: 'succeeded', leaseOwner: null, completedAt: NOW });
    expect(await row(ids[2]!)).toMatchObject({
      status: 'retrying',
      nextAttemptAt: NOW + 60_000,
      completedAt: null,
    });
  });

  it('a resend that succeeds stops the original up the chain, unless it is being sent', async () => {
    const original = await delivery({ status: 'retrying', nextAttemptAt: NOW + 60_000 });
    const firstResend = await delivery({ status: 'failed', reason: 'maybe-stored', resendOf: original });
    const resend = await delivery({ resendOf: firstResend });
    const sending = await delivery({ status: 'sending', leaseOwner: 'x', leaseUntil: NOW + 1 });
    const resendOfSending = await delivery({ resendOf: sending });
    await state.claimDeliveries([resend, resendOfSending], 'me', NOW, 60_000);
    await state.settleDeliveries([resend, resendOfSending], 'me', settlement('succeeded'));
    expect(await row(original)).toMatchObject({
      status: 'cancelled',
      reason: 'replaced',
      replacedBy: resend,
    });
    expect(await row(firstResend)).toMatchObject({
      status: 'cancelled',
      reason: 'replaced',
      replacedBy: resend,
    });
    expect((await row(sending)).status).toBe('sending');
  });

  it('recovers expired leases: in flight means possibly duplicated, never sent gives the attempt back', async () => {
    const sent = await delivery();
    const neverSent = await delivery();
    const stillLeased = await delivery();
    await state.claimDeliveries([sent, neverSent], 'gone', NOW - 120_000, 60_000);
    await state.claimDeliveries([stillLeased], 'alive', NOW, 60_000);
    await state.startAttempts(
      [{ deliveryId: sent, number: 1, url: 'https://x', request: {} }],
      NOW - 119_000,
    );
    expect(await state.recoverExpiredLeases(NOW)).toBe(2);
    expect(await row(sent)).toMatchObject({
      status: 'retrying',
      reason: 'interrupted',
      possibleDuplicate: true,
      attemptCount: 1,
      leaseOwner: null,
      nextAttemptAt: NOW,
    });
    expect(await row(neverSent)).toMatchObject({
      status: 'retrying',
      possibleDuplicate: false,
      attemptCount: 0,
    });
    expect((await row(stillLeased)).status).toBe('sending');
    const [attempt] = await db().select().from(schema.attempts);
    expect(attempt).toMatchObject({ outcome: 'transient', reason: 'interrupted' });
  });

  it('two recoveries at once (two instances) take each expired lease back once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 300; i++) ids.push(await delivery({ attemptCount: 2, status: 'retrying' }));
    await state.claimDeliveries(ids, 'gone', NOW - 120_000, 60_000);
    const counts = await Promise.all([1, 2, 3].map(() => state.recoverExpiredLeases(NOW)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    const rows = await db().select({ n: schema.deliveries.attemptCount }).from(schema.deliveries);
    // Claimed (3) and never sent: the attempt number given back once (2), not twice or three times.
    expect(new Set(rows.map((r) => r.n))).toEqual(new Set([2]));
  });

  it('two identical composer sends at once: the second finds the first as a possible duplicate', async () => {
    const input = {
      integration: { id: integrationId, name: 'Shop' },
      source: 'composer' as const,
      operation: 'add' as const,
      event: { type: 'PURCHASE' as const, email: 'a@example.com', externalId: 'ORD-1' },
      now: NOW,
    };
    const opts = { refuseDuplicates: true, owner: 'me', leaseMs: 60_000 };
    const results = await Promise.all([1, 2, 3].map(() => state.insertComposedDelivery(input, opts)));
    expect(results.filter((r) => 'id' in r)).toHaveLength(1);
    expect(results.filter((r) => 'duplicates' in r)).toHaveLength(2);
  });

  it('requeues the deliveries of a batch to go alone, or as they came', async () => {
    const ids = [await delivery(), await delivery()];
    await state.claimDeliveries(ids, 'me', NOW, 60_000);
    await state.requeueAlone([ids[0]!], 'me', NOW);
    await state.requeueAlone([ids[1]!], 'me', NOW, false);
    expect(await row(ids[0]!)).toMatchObject({ status: 'retrying', noBatch: true, leaseOwner: null });
    expect(await row(ids[1]!)).toMatchObject({ status: 'retrying', noBatch: false });
    expect((await dueDeliveryIds(NOW, 10)).map((r) => [r.id, r.noBatch])).toEqual([
      [ids[0], true],
      [ids[1], false],
    ]);
  });
});
