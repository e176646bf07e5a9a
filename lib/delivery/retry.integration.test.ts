/**
 * The retry policy end to end, with a fake clock: the real delivery code (claim, send, record, settle)
 * against the real sandbox rules served over HTTP on loopback, for each sandbox fault.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import type { LoopbackSandbox } from '@/lib/sandbox/test-helpers';

process.env.APP_SECRET_KEY ??= 'retry-test-key-that-is-long-enough-0001';
process.env.DELIVERY_TIMEOUT_MS = '300';

const { openDb, setDbForTests } = await import('@/db');
const { encryptSecret } = await import('@/lib/crypto');
const { insertDelivery, getDeliveryDetail } = await import('@/lib/data/deliveries');
const { claimDeliveries } = await import('@/lib/data/delivery-state');
const { dueDeliveryIds } = await import('@/lib/data/delivery-due');
const { sendClaimed, PROCESS_OWNER } = await import('./send');
const { RETRY_DELAYS_MS, MAX_ATTEMPTS } = await import('./retry-policy');
const { startLoopbackSandbox } = await import('@/lib/sandbox/test-helpers');
const { createMemorySandboxStore, MEMORY_STORE_CREDENTIALS } = await import('@/lib/sandbox/memory-store');
const { parseEvent } = await import('@/lib/validations/event');
const { insertTestIntegration } = await import('@/lib/data/test-helpers');

const store = createMemorySandboxStore();
let sandbox: LoopbackSandbox;
let endpoint = '';

beforeAll(async () => {
  sandbox = await startLoopbackSandbox(store);
  endpoint = sandbox.endpoint;
});

afterAll(() => sandbox.close());

let integrationId = 0;
let badIntegrationId = 0;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_800_000_000_000);
  const db = openDb(':memory:');
  setDbForTests(db);
  const row = (apiSecret: string, name: string) =>
    insertTestIntegration(db, {
      name,
      endpoint,
      clientId: MEMORY_STORE_CREDENTIALS.clientId,
      owner: MEMORY_STORE_CREDENTIALS.owner,
      apiKeyEnc: encryptSecret(MEMORY_STORE_CREDENTIALS.apiKey),
      apiSecretEnc: encryptSecret(apiSecret),
    });
  integrationId = row(MEMORY_STORE_CREDENTIALS.apiSecret, 'good');
  badIntegrationId = row('not-the-secret', 'bad');
});

async function queue(email: string, integration = integrationId) {
  const parsed = parseEvent({ type: 'OTHER', email, date: Date.now(), externalId: `E-${Math.random()}` });
  if (!parsed.ok) throw new Error(parsed.message);
  return (
    await insertDelivery({
      integration: { id: integration, name: 'test' },
      source: 'api',
      operation: 'add',
      event: parsed.data,
    })
  ).id;
}

/** One worker pass for one delivery at the current (fake) time; false when it was not due. */
async function attempt(id: number): Promise<boolean> {
  const due = (await dueDeliveryIds(Date.now(), 100)).some((d) => d.id === id);
  if (!due) return false;
  const [row] = await claimDeliveries([id], PROCESS_OWNER, Date.now(), 60_000);
  await sendClaimed(row!);
  return true;
}

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('retries with backoff, for transient failures only', () => {
  it.each([
    ['sandbox+500@example.com', 'http-server-error', false],
    ['sandbox+malformed@example.com', 'malformed', true],
    ['sandbox+timeout@example.com', 'timeout', true],
    ['sandbox+ratelimit@example.com', 'http-rate-limited', false],
  ])(
    '%s is retried on schedule (10 s, 1 min, 5 min, 30 min, 2 h, 6 h), then given up',
    async (email, reason, outcomeUnknown) => {
      const id = await queue(email);
      for (let n = 1; n <= MAX_ATTEMPTS; n++) {
        expect(await attempt(id), `attempt ${n} is due`).toBe(true);
        const d = await getDeliveryDetail(id);
        expect(d.reason?.code).toBe(reason);
        expect(d.attempts).toHaveLength(n);
        if (n === MAX_ATTEMPTS) {
          expect(d.status).toBe('failed');
          expect(d.nextAttemptAt).toBeNull();
          break;
        }
        expect(d.status).toBe('retrying');
        // Sent again after an answer that does not say whether the event was stored: maybe twice.
        expect(d.possibleDuplicate).toBe(outcomeUnknown);
        const wait = d.nextAttemptAt! - Date.now();
        const planned = RETRY_DELAYS_MS[n - 1]!;
        expect(wait).toBeGreaterThanOrEqual(planned * 0.8 - 1);
        expect(wait).toBeLessThanOrEqual(planned * 1.2 + 1);
        // Not a moment early…
        advance(wait - 1);
        expect(await attempt(id)).toBe(false);
        // …and due once the time comes.
        advance(1);
      }
    },
    20_000,
  );

  it('the flaky contact succeeds on its third attempt', async () => {
    const id = await queue('sandbox+flaky@example.com');
    expect(await attempt(id)).toBe(true);
    expect(await getDeliveryDetail(id)).toMatchObject({
      status: 'retrying',
      reason: { code: 'http-server-error' },
    });
    advance(12_001);
    expect(await attempt(id)).toBe(true);
    expect((await getDeliveryDetail(id)).status).toBe('retrying');
    advance(72_001);
    expect(await attempt(id)).toBe(true);
    const d = await getDeliveryDetail(id);
    expect(d.status).toBe('succeeded');
    expect(d.smEventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.attempts.map((a) => a.outcome)).toEqual(['transient', 'transient', 'succeeded']);
    // A 500 is the server saying it did not take the event: the retries cannot have doubled it.
    expect(d.possibleDuplicate).toBe(false);
  });

  it('a refusal (wrong credentials) is final and never retried', async () => {
    const id = await queue('someone@example.com', badIntegrationId);
    expect(await attempt(id)).toBe(true);
    const d = await getDeliveryDetail(id);
    expect(d).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
      reason: { code: 'auth-not-authenticated' },
    });
    advance(24 * 3600_000);
    expect(await attempt(id)).toBe(false);
  });

  it('an ordinary contact succeeds at once', async () => {
    const id = await queue('ok@example.com');
    expect(await attempt(id)).toBe(true);
    expect((await getDeliveryDetail(id)).status).toBe('succeeded');
  });
});
