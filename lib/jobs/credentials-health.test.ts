/**
 * The credential health check and the pause it drives, end to end against the sandbox's rules on
 * loopback: a rotated secret opens the credentials incident within one check (or at the first refused
 * batch), nothing waiting ends failed, and the right secret resumes sending, drained in batches.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { LoopbackSandbox } from '@/lib/sandbox/test-helpers';

process.env.APP_SECRET_KEY ??= 'health-test-key-that-is-long-enough-0001';
process.env.DELIVERY_TIMEOUT_MS = '5000';

const { openDb, setDbForTests, schema } = await import('@/db');
const { CredentialsChangedError } = await import('@/lib/errors');
const { insertDelivery } = await import('@/lib/data/deliveries');
const { listIncidents } = await import('@/lib/data/incidents');
const { updateIntegration } = await import('@/lib/data/integrations');
const { sendingState } = await import('@/lib/data/sending-pause');
const { insertLoopbackIntegration } = await import('@/lib/data/test-helpers');
const { listVerifications } = await import('@/lib/data/verifications');
const { startDeliveryWorker } = await import('@/lib/delivery/worker');
const { createMemorySandboxStore, MEMORY_STORE_CREDENTIALS } = await import('@/lib/sandbox/memory-store');
const { startLoopbackSandbox } = await import('@/lib/sandbox/test-helpers');
const { parseEvent } = await import('@/lib/validations/event');
const { checkCredentials, credentialsHealthTick } = await import('./credentials-health');

const HOUR = 3_600_000;
const CONTACTS = ['ann@example.com', 'bob@example.com', 'cy@example.com'];
let db: ReturnType<typeof openDb>;
let store: ReturnType<typeof createMemorySandboxStore>;
let sandbox: LoopbackSandbox;
let worker: { stop: () => Promise<void> } | undefined;
let shop = 0;

beforeEach(async () => {
  db = openDb(':memory:');
  setDbForTests(db);
  store = createMemorySandboxStore();
  for (const email of CONTACTS) await store.createContact(1, email);
  sandbox = await startLoopbackSandbox(store);
  shop = insertLoopbackIntegration(db, sandbox.endpoint);
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await sandbox.close();
});

async function queue(n: number) {
  for (let i = 0; i < n; i++) {
    const parsed = parseEvent({ type: 'VISIT', email: CONTACTS[i % CONTACTS.length], description: `v${i}` });
    if (!parsed.ok) throw new Error(parsed.message);
    await insertDelivery({
      integration: { id: shop, name: 'Shop' },
      source: 'website',
      operation: 'add',
      event: parsed.data,
    });
  }
}

const statuses = () =>
  db
    .select({ s: schema.deliveries.status })
    .from(schema.deliveries)
    .all()
    .map((r) => r.s);
const open = async () => (await listIncidents({ state: 'open', limit: 10 })).items;
const batchSizes = () =>
  sandbox.requests
    .filter((r) => Array.isArray(r.body.events))
    .map((r) => (r.body.events as unknown[]).length);
const rotateSandboxSecret = () => (store.accounts[0]!.apiSecret = 'rotated-secret-2');

/** Waits for the worker (on its own timers) to bring `check` true. */
const until = (check: () => boolean | Promise<boolean>) =>
  vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 15_000, interval: 20 });

describe('credential health', () => {
  it('a rotated secret: one scheduled check opens the incident and pauses; the right secret resumes it all', async () => {
    expect((await checkCredentials(shop, 'manual', Date.now())).ok).toBe(true);
    const now = Date.now();
    rotateSandboxSecret();

    // Not due yet: the last check was a moment ago.
    await credentialsHealthTick(now + HOUR);
    expect(await open()).toEqual([]);
    await credentialsHealthTick(now + 6 * HOUR);
    expect(await open()).toMatchObject([
      { cause: 'credentials', reason: 'auth-not-authenticated', state: 'open' },
    ]);
    expect(await sendingState(shop)).toMatchObject({ paused: true, pausedBy: 'credentials' });
    expect((await listVerifications(shop)).map((v) => [v.trigger, v.ok])).toEqual([
      ['schedule', false],
      ['manual', true],
    ]);

    // Events keep arriving; nothing is sent, nothing fails.
    await queue(900);
    const before = sandbox.requests.length;
    worker = startDeliveryWorker({ concurrency: 2, pollMs: 50 });
    await new Promise((r) => setTimeout(r, 400));
    expect(sandbox.requests.length).toBe(before);
    expect(new Set(statuses())).toEqual(new Set(['queued']));

    // The marketer enters the new secret; the next tick checks the edited credentials at once.
    await updateIntegration(shop, { apiSecret: 'rotated-secret-2' }, 'admin');
    await credentialsHealthTick(now + 6 * HOUR + 1_000);
    expect(await open()).toEqual([]);
    expect((await listVerifications(shop))[0]).toMatchObject({ trigger: 'edit', ok: true });
    await until(() => statuses().every((s) => s === 'succeeded'));
    expect(batchSizes().sort((a, b) => a - b)).toEqual([100, 400, 400]);
  });

  it("credentials edited while they are checked: the old ones' refusal is dropped, no incident, no pause", async () => {
    rotateSandboxSecret();
    // The marketer saves the right secret while SALESmanago is still answering the check of the old one.
    const findAccount = store.findAccount.bind(store);
    store.findAccount = async (clientId) => {
      store.findAccount = findAccount;
      await updateIntegration(shop, { apiSecret: 'rotated-secret-2' }, 'admin');
      return findAccount(clientId);
    };
    await expect(checkCredentials(shop, 'manual', Date.now())).rejects.toBeInstanceOf(
      CredentialsChangedError,
    );
    expect(await listVerifications(shop)).toEqual([]);
    expect(await open()).toEqual([]);
    expect(await sendingState(shop)).toMatchObject({ paused: false });

    // The next check is of the new secret, and is recorded.
    expect((await checkCredentials(shop, 'manual', Date.now())).ok).toBe(true);
    expect(await listVerifications(shop)).toMatchObject([{ trigger: 'manual', ok: true }]);
  });

  it('a refusal in the middle of sending: the refused batch waits whole, nothing ends failed', async () => {
    rotateSandboxSecret();
    await queue(450);
    worker = startDeliveryWorker({ concurrency: 1, pollMs: 50 });
    await until(async () => (await open()).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses().filter((s) => s === 'failed')).toEqual([]);
    // One refused batch, then nothing more went out.
    expect(batchSizes()).toEqual([400]);
    expect((await open())[0]).toMatchObject({ cause: 'credentials', affected: 400 });

    // Right after the refusal the schedule checks the credentials (and they are still refused).
    await credentialsHealthTick(Date.now());
    expect((await listVerifications(shop))[0]).toMatchObject({ trigger: 'refusal', ok: false });
    expect(await open()).toHaveLength(1);

    store.accounts[0]!.apiSecret = MEMORY_STORE_CREDENTIALS.apiSecret;
    expect((await checkCredentials(shop, 'manual', Date.now())).ok).toBe(true);
    await until(() => statuses().every((s) => s === 'succeeded'));
    expect(store.events).toHaveLength(450);
    // The refused batch went again as a batch, not event by event.
    expect(batchSizes().filter((n) => n === 1)).toEqual([]);
  });
});
