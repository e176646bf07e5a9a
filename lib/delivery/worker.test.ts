/**
 * The delivery worker as the server runs it (in-process here, on its own thread there): batches from a
 * queue, every answer written, a stop that loses nothing, and small slices while the collector is busy.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { LoopbackSandbox } from '@/lib/sandbox/test-helpers';

process.env.APP_SECRET_KEY ??= 'worker-test-key-that-is-long-enough-0001';
process.env.DELIVERY_TIMEOUT_MS = '5000';

// The claim as it is, held once for the test to act while a pass is claiming (a stop arriving then).
const onClaim: { once?: () => Promise<void> } = {};
vi.mock('@/lib/data/delivery-state', async (original) => {
  const real = await original<typeof import('@/lib/data/delivery-state')>();
  return {
    ...real,
    claimDeliveries: async (...args: Parameters<typeof real.claimDeliveries>) => {
      const rows = await real.claimDeliveries(...args);
      const once = onClaim.once;
      onClaim.once = undefined;
      if (rows.length) await once?.();
      return rows;
    },
  };
});

const { schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const { insertDelivery } = await import('@/lib/data/deliveries');
const { db } = await import('@/lib/data/engine');
const { addLoopbackIntegration, ENGINES, testOnEngine } = await import('@/lib/data/test-helpers');
const { createMemorySandboxStore } = await import('@/lib/sandbox/memory-store');
const { startLoopbackSandbox } = await import('@/lib/sandbox/test-helpers');
const { parseEvent } = await import('@/lib/validations/event');
const { BUSY_BATCH_SIZE, noteForegroundRequest } = await import('./foreground');
const { startDeliveryWorker } = await import('./worker');

const CONTACTS = ['ann@example.com', 'bob@example.com', 'cy@example.com'];

let store: ReturnType<typeof createMemorySandboxStore>;
let sandbox: LoopbackSandbox | undefined;
let worker: { stop: () => Promise<void> } | undefined;
let integrationId = 0;

beforeEach(async () => {
  store = createMemorySandboxStore();
  // A batch adds events to known contacts only (salesmanago.md), so the sandbox knows them first.
  for (const email of CONTACTS) await store.createContact(1, email);
});

afterEach(async () => {
  await worker?.stop();
  await sandbox?.close();
  worker = sandbox = undefined;
});

async function startSandbox(holdMs = 0) {
  sandbox = await startLoopbackSandbox(store, { holdMs });
  integrationId = await addLoopbackIntegration(sandbox.endpoint);
}

async function queue(n: number) {
  for (let i = 0; i < n; i++) {
    const parsed = parseEvent({ type: 'VISIT', email: CONTACTS[i % CONTACTS.length], description: `v${i}` });
    if (!parsed.ok) throw new Error(parsed.message);
    await insertDelivery({
      integration: { id: integrationId, name: 'Shop' },
      source: 'website',
      operation: 'add',
      event: parsed.data,
    });
  }
}

const statuses = () => db().select({ status: schema.deliveries.status }).from(schema.deliveries);
const attempts = () => db().select().from(schema.attempts);
const allSucceeded = async () => (await statuses()).every((r) => r.status === 'succeeded');
const batchSizes = () =>
  sandbox!.requests
    .filter((r) => Array.isArray(r.body.events))
    .map((r) => (r.body.events as unknown[]).length);

async function until(check: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(ENGINES)('delivery worker on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('sends a queue in batches of at most 400 and writes every answer', async () => {
    await startSandbox();
    await queue(900);
    worker = startDeliveryWorker({ concurrency: 2, pollMs: 50 });
    await until(allSucceeded);
    await worker.stop();

    expect(batchSizes().sort((a, b) => a - b)).toEqual([100, 400, 400]);
    expect(store.events).toHaveLength(900);
    // One attempt per delivery, each finished with the answer (none left "in flight").
    const all = await attempts();
    expect(all).toHaveLength(900);
    expect(new Set(all.map((a) => a.deliveryId)).size).toBe(900);
    expect(all.every((a) => a.outcome === 'succeeded' && a.httpStatus === 200 && a.batchSize)).toBe(true);
    expect(sandbox!.maxOpen()).toBeLessThanOrEqual(2);
  });

  it('stops only after the sends in flight are answered and written', async () => {
    await startSandbox(300);
    await queue(20);
    worker = startDeliveryWorker({ concurrency: 2, pollMs: 50 });
    await until(() => sandbox!.requests.length > 0);
    await worker.stop();
    worker = undefined;

    expect((await statuses()).map((r) => r.status)).toEqual(Array(20).fill('succeeded'));
    expect((await attempts()).filter((a) => a.outcome !== 'succeeded')).toEqual([]);
  });

  it('a stop that arrives while a pass claims still sends and records what it claimed', async () => {
    await startSandbox(50);
    await queue(30);
    let resume: (() => void) | undefined;
    onClaim.once = () => new Promise<void>((r) => (resume = r));
    const running = startDeliveryWorker({ concurrency: 4, pollMs: 50 });
    await until(() => resume !== undefined);
    const stopping = running.stop();
    resume!();
    await stopping;
    // Nothing is left claimed and unrecorded (it would be sent again, marked possibly duplicated).
    expect(new Set((await statuses()).map((r) => r.status))).toEqual(new Set(['succeeded']));
    expect(store.events).toHaveLength(30);
  });

  it('while the collector is busy, sends one small batch at a time', async () => {
    await startSandbox(20);
    await queue(450);
    // A collector burst: well over a hundred requests in every quarter second while the queue drains.
    const burst = setInterval(() => {
      for (let i = 0; i < 150; i++) noteForegroundRequest();
    }, 50);
    for (let i = 0; i < 150; i++) noteForegroundRequest();
    try {
      worker = startDeliveryWorker({ concurrency: 4, pollMs: 50 });
      await until(allSucceeded);
    } finally {
      clearInterval(burst);
    }
    expect(Math.max(...batchSizes())).toBeLessThanOrEqual(BUSY_BATCH_SIZE);
    expect(batchSizes().reduce((a, b) => a + b, 0)).toBe(450);
    expect(sandbox!.maxOpen()).toBe(1);
  });
});
