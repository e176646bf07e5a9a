/**
 * The composer's send against a loopback sandbox: the duplicate guard holds when two sends of the same
 * order arrive at the same moment (the check and the write are one transaction; with an await between
 * them both would pass the check and the order would be sent twice).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { LoopbackSandbox } from '@/lib/sandbox/test-helpers';

process.env.APP_SECRET_KEY ??= 'compose-test-key-that-is-long-enough-001';
process.env.DELIVERY_TIMEOUT_MS = '5000';

const { openDb, setDbForTests, schema } = await import('@/db');
const { PossibleDuplicateError } = await import('@/lib/errors');
const { insertLoopbackIntegration } = await import('@/lib/data/test-helpers');
const { createMemorySandboxStore } = await import('@/lib/sandbox/memory-store');
const { startLoopbackSandbox } = await import('@/lib/sandbox/test-helpers');
const { sendEvent } = await import('./compose');

let db: ReturnType<typeof openDb>;
let sandbox: LoopbackSandbox | undefined;
let integrationId = 0;

beforeEach(async () => {
  db = openDb(':memory:');
  setDbForTests(db);
  const store = createMemorySandboxStore();
  await store.createContact(1, 'ann@example.com');
  sandbox = await startLoopbackSandbox(store);
  integrationId = insertLoopbackIntegration(db, sandbox!.endpoint);
});

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const purchase = { type: 'PURCHASE', email: 'ann@example.com', externalId: 'ord-1', value: 10 };

describe('sendEvent', () => {
  it('two sends of the same order at the same moment: one is sent, the other is refused as a possible duplicate', async () => {
    const results = await Promise.allSettled([
      sendEvent({ integrationId, input: purchase, createdBy: null }),
      sendEvent({ integrationId, input: purchase, createdBy: null }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(PossibleDuplicateError);
    expect(db.select().from(schema.deliveries).all()).toHaveLength(1);
    expect(sandbox!.requests).toHaveLength(1);
  });

  it('sends the same order again once the sender confirms it', async () => {
    await sendEvent({ integrationId, input: purchase, createdBy: null });
    await expect(sendEvent({ integrationId, input: purchase, createdBy: null })).rejects.toBeInstanceOf(
      PossibleDuplicateError,
    );
    await sendEvent({ integrationId, input: purchase, createdBy: null, confirmDuplicate: true });
    expect(db.select().from(schema.deliveries).all()).toHaveLength(2);
  });
});
