// A refusal of the credentials, from the worker's own recording path to the resumed queue: the
// incident opens in the transaction that records the refusal, the integration's queue waits (other
// integrations keep sending), and resolving it sends the refused deliveries once more.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'pause-test-key-that-is-long-enough-00001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('@/lib/data/deliveries');
const { dueDeliveryIds } = await import('@/lib/data/delivery-due');
const { claimDeliveries } = await import('@/lib/data/delivery-state');
const { withTransaction } = await import('@/lib/data/engine');
const { clearIncident, resolveIncident, acknowledgeIncident } = await import('@/lib/data/incident-writes');
const { listIncidents, getIncident } = await import('@/lib/data/incidents');
const { deleteIntegration } = await import('@/lib/data/integrations');
const { pauseSending, sendingState } = await import('@/lib/data/sending-pause');
const { insertTestIntegration } = await import('@/lib/data/test-helpers');
const { afterCredentialsIncident } = await import('@/lib/jobs/credentials-health');
const { settleAnswered } = await import('./send');

const NOW = 1_800_000_000_000;
const ADMIN = { id: 1, label: 'admin@example.com' };
const d = schema.deliveries;
let db: ReturnType<typeof openDb>;
let shop = 0;
let other = 0;

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
  shop = insertTestIntegration(db, { name: 'Shop' });
  other = insertTestIntegration(db, { name: 'Other shop' });
});

async function delivery(integrationId: number): Promise<number> {
  return (
    await insertDelivery({
      integration: { id: integrationId, name: 'x' },
      source: 'website',
      operation: 'add',
      event: { type: 'CART', email: 'a@example.com' },
      now: NOW - 60_000,
    })
  ).id;
}

/** Claims deliveries as the worker does before it sends them. */
const claim = async (ids: number[], at = NOW) =>
  (await claimDeliveries(ids, 'worker', at, 30_000)).map((r) => r.id);

/** Settles claimed deliveries as the worker does once SALESmanago answered. */
async function settle(integrationId: number, ids: number[], outcome: 'ok' | 'refused', at = NOW) {
  await withTransaction(() =>
    settleAnswered(integrationId, ids, 'worker', {
      status: outcome === 'ok' ? 'succeeded' : 'failed',
      reason: outcome === 'ok' ? null : 'auth-wrong-token',
      reasonMessage: null,
      lastHttpStatus: 200,
      lastDurationMs: 20,
      nextAttemptAt: null,
      now: at,
    }),
  );
}

async function answer(integrationId: number, ids: number[], outcome: 'ok' | 'refused', at = NOW) {
  expect(await claim(ids, at)).toEqual(ids);
  await settle(integrationId, ids, outcome, at);
}

const due = async (at = NOW + 1_000) => (await dueDeliveryIds(at, 100)).map((r) => r.id);
const statusOf = (id: number) => db.select({ s: d.status }).from(d).where(eq(d.id, id)).get()?.s;

describe('a refusal of the credentials', () => {
  it('opens the credentials incident and pauses the integration at once; others keep sending', async () => {
    const refused = await delivery(shop);
    const waiting = [await delivery(shop), await delivery(shop)];
    const elsewhere = await delivery(other);
    await answer(shop, [refused], 'refused');

    const [incident] = (await listIncidents({ state: 'open', limit: 10 })).items;
    expect(incident).toMatchObject({ cause: 'credentials', reason: 'auth-wrong-token', affected: 1 });
    expect(incident!.title).toBe('SALESmanago rejected the API secret');
    expect((await getIncident(incident!.id)).timeline.map((e) => e.kind)).toEqual(['opened', 'paused']);
    expect(await sendingState(shop)).toMatchObject({
      paused: true,
      pausedBy: 'credentials',
      incidentId: incident!.id,
    });
    expect((await sendingState(other)).paused).toBe(false);

    // The worker sees only the other integration's delivery, and a stale plan cannot claim the paused ones.
    expect(await due()).toEqual([elsewhere]);
    expect(await claimDeliveries(waiting, 'worker', NOW + 1_000, 30_000)).toEqual([]);
    expect(waiting.map(statusOf)).toEqual(['queued', 'queued']);

    // Answers already in flight when it opened add to the same incident.
    const late = await delivery(shop);
    db.update(d)
      .set({ status: 'sending', leaseOwner: 'worker', leaseUntil: NOW + 30_000 })
      .where(eq(d.id, late))
      .run();
    await settle(shop, [late], 'refused', NOW + 2_000);
    expect((await listIncidents({ state: 'open', limit: 10 })).items).toMatchObject([
      { id: incident!.id, affected: 2 },
    ]);
  });

  it('once resolved, sending resumes and the refused deliveries go once more (not those resent successfully)', async () => {
    const [a, b, resentOk] = [await delivery(shop), await delivery(shop), await delivery(shop)];
    const waiting = await delivery(shop);
    // Three in flight at once: the first refusal pauses the rest of the queue, not these.
    expect(await claim([a, b, resentOk])).toEqual([a, b, resentOk]);
    await settle(shop, [a], 'refused', NOW);
    await settle(shop, [b, resentOk], 'refused', NOW + 1_000);
    const resend = (
      await insertDelivery({
        integration: { id: shop, name: 'x' },
        source: 'resend',
        operation: 'add',
        event: { type: 'CART', email: 'a@example.com' },
        resendOf: resentOk,
      })
    ).id;
    db.update(d).set({ status: 'succeeded' }).where(eq(d.id, resend)).run();

    const resolved = (await clearIncident(shop, 'credentials', NOW + 5_000, 'Resolved by itself.'))!;
    expect(await afterCredentialsIncident(resolved, NOW + 5_000)).toBe(2);
    expect([a, b, resentOk, waiting].map(statusOf)).toEqual(['retrying', 'retrying', 'failed', 'queued']);
    expect((await sendingState(shop)).paused).toBe(false);
    expect(await due(NOW + 5_000)).toEqual([a, b, waiting]);
    expect((await getIncident(resolved.id)).timeline.at(-1)?.message).toBe(
      'Sending resumed; 2 deliveries refused during the incident go once more.',
    );
  });

  it('never undoes a pause by hand: resolving the incident leaves the integration paused', async () => {
    const inFlight = await delivery(shop);
    const id = await delivery(shop);
    expect(await claim([inFlight])).toEqual([inFlight]);
    await pauseSending(shop, ADMIN, null, NOW - 1);
    await settle(shop, [inFlight], 'refused');
    const [incident] = (await listIncidents({ state: 'open', limit: 10 })).items;
    await resolveIncident(incident!.id, ADMIN, 'new secret entered', NOW + 1);
    expect(await sendingState(shop)).toMatchObject({ paused: true, pausedBy: 'hand', byLabel: ADMIN.label });
    expect(await due()).not.toContain(id);
  });
});

describe('people acting on incidents', () => {
  it('acknowledge once, resolve once: a second try is a conflict and changes nothing', async () => {
    await answer(shop, [await delivery(shop)], 'refused');
    const [incident] = (await listIncidents({ state: 'open', limit: 10 })).items;
    await acknowledgeIncident(incident!.id, ADMIN, NOW + 1);
    await expect(
      acknowledgeIncident(incident!.id, { id: 2, label: 'm@example.com' }, NOW + 2),
    ).rejects.toThrow('already acknowledged by admin@example.com');
    await resolveIncident(incident!.id, ADMIN, null, NOW + 3);
    await expect(resolveIncident(incident!.id, ADMIN, null, NOW + 4)).rejects.toThrow('already resolved');
    await expect(acknowledgeIncident(incident!.id, ADMIN, NOW + 4)).rejects.toThrow('already resolved');
    expect(await getIncident(incident!.id)).toMatchObject({
      state: 'resolved',
      resolvedByLabel: ADMIN.label,
    });
    expect((await getIncident(incident!.id)).timeline.map((e) => e.kind)).toEqual([
      'opened',
      'paused',
      'acknowledged',
      'resolved',
    ]);
  });

  it('deleting an integration resolves its open incidents, which stay under its name', async () => {
    await answer(shop, [await delivery(shop)], 'refused');
    await deleteIntegration(shop, ADMIN);
    expect((await listIncidents({ state: 'open', limit: 10 })).items).toEqual([]);
    const [gone] = (await listIncidents({ state: 'past', limit: 10 })).items;
    expect(gone).toMatchObject({
      integrationId: null,
      integrationName: 'Shop',
      resolvedByLabel: ADMIN.label,
    });
    expect((await getIncident(gone!.id)).timeline.at(-1)?.message).toBe(
      'Resolved because admin@example.com deleted the integration.',
    );
  });
});
