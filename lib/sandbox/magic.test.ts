import { describe, expect, it } from 'vitest';

import { asksAfterUnknownOutcome, DEFAULT_UNKNOWN_OUTCOME } from '@/lib/salesmanago/duplicates';
import {
  buildAddEventRequest,
  buildBatchAddRequest,
  buildUpdateEventRequest,
} from '@/lib/salesmanago/requests';
import type { EventData } from '@/lib/validations/event';
import {
  MAGIC_CONTACTS,
  MAGIC_RETRY_AFTER_SECONDS,
  MAGIC_SLOW_DELAY_MS,
  MAGIC_TIMEOUT_DELAY_MS,
  magicBehaviourOf,
} from './magic';
import {
  createMemorySandboxStore,
  MEMORY_STORE_CREDENTIALS as creds,
  type MemorySandboxStore,
} from './memory-store';
import { DATE, decode, json, NOW, send } from './test-helpers';

const purchase = (email: string, extra: Partial<EventData> = {}): EventData => ({
  type: 'PURCHASE',
  email,
  date: DATE,
  externalId: '10045',
  ...extra,
});
const add = (store: MemorySandboxStore, email: string, extra: Partial<EventData> = {}) =>
  send(store, buildAddEventRequest(creds, purchase(email, extra), NOW));

describe('magic contacts', () => {
  it('are documented for the composer, one per behaviour', async () => {
    expect(MAGIC_CONTACTS.map((c) => c.email)).toEqual([
      'sandbox+timeout@example.com',
      'sandbox+500@example.com',
      'sandbox+malformed@example.com',
      'sandbox+slow@example.com',
      'sandbox+flaky@example.com',
      'sandbox+ratelimit@example.com',
    ]);
    for (const c of MAGIC_CONTACTS) {
      expect(magicBehaviourOf(c.email)).toBeDefined();
      expect(c.behaviour).toMatch(/\.$/);
      expect(c.outcome).toMatch(/\.$/);
    }
    expect(magicBehaviourOf('anna@example.com')).toBeUndefined();
  });

  it('say what the console does with each unclear answer, as the default policy does it', async () => {
    // The timeout and malformed contacts leave the console unsure: their text names both paths, and the
    // path it calls the default is the one lib/salesmanago/duplicates.ts takes.
    const outcome = (email: string) => MAGIC_CONTACTS.find((c) => c.email === email)!.outcome;
    expect(outcome('sandbox+timeout@example.com')).toContain(
      'By default a PURCHASE (or another order, payment, booking or loan) waits in Needs attention',
    );
    expect(outcome('sandbox+timeout@example.com')).toContain('a VISIT or any other type is retried later');
    expect(outcome('sandbox+malformed@example.com')).toContain(
      'by default a PURCHASE waits for your decision, a VISIT is retried',
    );
    expect(asksAfterUnknownOutcome(DEFAULT_UNKNOWN_OUTCOME, 'PURCHASE')).toBe(true);
    expect(asksAfterUnknownOutcome(DEFAULT_UNKNOWN_OUTCOME, 'VISIT')).toBe(false);
  });

  it('timeout: holds a successful answer longer than the console waits; the event is stored', async () => {
    const store = createMemorySandboxStore();
    const reply = await add(store, 'sandbox+timeout@example.com');
    expect(reply.delayMs).toBe(MAGIC_TIMEOUT_DELAY_MS);
    expect(MAGIC_TIMEOUT_DELAY_MS).toBe(30_000);
    expect(decode(reply)).toMatchObject({ outcome: 'succeeded', reason: 'ok' });
    expect(store.events).toHaveLength(1);
  });

  it('500: an HTML error page, decoded as a transient server error; nothing stored', async () => {
    const store = createMemorySandboxStore();
    const reply = await add(store, 'sandbox+500@example.com');
    expect(reply).toMatchObject({ status: 500, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(reply.raw).toMatch(/^<!DOCTYPE html>.*Internal Server Error/);
    expect(decode(reply)).toMatchObject({
      outcome: 'transient',
      reason: 'http-server-error',
      httpStatus: 500,
    });
    expect(store.events).toEqual([]);
  });

  it('malformed: a cut-off JSON answer, decoded as transient; the event was stored', async () => {
    const store = createMemorySandboxStore();
    const reply = await add(store, 'sandbox+malformed@example.com');
    expect(reply.status).toBe(200);
    expect(reply.raw?.startsWith('{"success":true')).toBe(true);
    expect(() => JSON.parse(reply.raw ?? '')).toThrow();
    expect(decode(reply)).toMatchObject({ outcome: 'transient', reason: 'malformed' });
    expect(store.events).toHaveLength(1);
  });

  it('slow: succeeds after a pause', async () => {
    const store = createMemorySandboxStore();
    const reply = await add(store, 'sandbox+slow@example.com');
    expect(reply.delayMs).toBe(MAGIC_SLOW_DELAY_MS);
    expect(decode(reply)).toMatchObject({ outcome: 'succeeded', reason: 'ok', eventId: json(reply).eventId });
  });

  it('flaky: 503 twice for the same event, then success; another event starts over', async () => {
    const store = createMemorySandboxStore();
    const outcomes = [];
    // One after another, as the worker's retries come: the counter decides each answer.
    for (let i = 0; i < 4; i++) outcomes.push(decode(await add(store, 'sandbox+flaky@example.com')));
    expect(outcomes.map((d) => [d.httpStatus, d.outcome, d.reason])).toEqual([
      [503, 'transient', 'http-server-error'],
      [503, 'transient', 'http-server-error'],
      [200, 'succeeded', 'ok'],
      [200, 'succeeded', 'ok'],
    ]);
    expect(store.events).toHaveLength(2);
    // A different external ID is a different event, with its own two failures.
    expect((await add(store, 'sandbox+flaky@example.com', { externalId: '10046' })).status).toBe(503);
    expect((await add(store, 'sandbox+flaky@example.com', { date: DATE + 1 })).status).toBe(503);
  });

  it('ratelimit: 429 with Retry-After, decoded as transient with the delay; nothing stored', async () => {
    const store = createMemorySandboxStore();
    const reply = await add(store, 'sandbox+ratelimit@example.com');
    expect(reply).toMatchObject({
      status: 429,
      headers: { 'Retry-After': String(MAGIC_RETRY_AFTER_SECONDS) },
    });
    expect(decode(reply)).toMatchObject({
      outcome: 'transient',
      reason: 'http-rate-limited',
      retryAfterMs: MAGIC_RETRY_AFTER_SECONDS * 1000,
    });
    expect((await add(store, 'sandbox+ratelimit@example.com')).status).toBe(429);
    expect(store.events).toEqual([]);
  });

  it('match the email in any case, and the email of a contact named by contactId', async () => {
    const store = createMemorySandboxStore();
    expect((await add(store, 'SANDBOX+500@Example.com')).status).toBe(500);
    const contact = await store.createContact(1, 'sandbox+500@example.com');
    const byId = buildAddEventRequest(
      creds,
      purchase('x@example.com', { email: undefined, contactId: contact.id }),
      NOW,
    );
    expect((await send(store, byId)).status).toBe(500);
  });

  it('come after authentication: a wrong signature is refused, not misbehaved', async () => {
    const req = buildAddEventRequest(creds, purchase('sandbox+500@example.com'), NOW);
    const reply = await send(createMemorySandboxStore(), {
      ...req,
      body: { ...req.body, sha: '0'.repeat(40) },
    });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'auth-not-authenticated' });
  });

  it('apply to updates', async () => {
    const store = createMemorySandboxStore();
    const eventId = json(await add(store, 'sandbox+slow@example.com')).eventId as string;
    const reply = await send(
      store,
      buildUpdateEventRequest(creds, { ...purchase('sandbox+slow@example.com', { value: 5 }), eventId }, NOW),
    );
    expect(reply.delayMs).toBe(MAGIC_SLOW_DELAY_MS);
    expect(json(reply)).toMatchObject({ success: true, eventId });
    expect(store.events[0]?.event.value).toBe(5);
  });

  it('in a batch, the first magic item decides for the whole request', async () => {
    const store = createMemorySandboxStore();
    await store.createContact(1, 'anna@example.com');
    const events = [
      purchase('anna@example.com'),
      purchase('sandbox+500@example.com'),
      purchase('sandbox+slow@example.com'),
    ];
    const reply = await send(store, buildBatchAddRequest(creds, events, NOW));
    expect(decode(reply)).toMatchObject({ outcome: 'transient', reason: 'http-server-error' });
    expect(store.events).toEqual([]);
  });

  it('in a batch, a "successful" magic contact exists without being created first', async () => {
    const store = createMemorySandboxStore();
    await store.createContact(1, 'anna@example.com');
    const reply = await send(
      store,
      buildBatchAddRequest(creds, [purchase('anna@example.com'), purchase('sandbox+slow@example.com')], NOW),
    );
    expect(reply.delayMs).toBe(MAGIC_SLOW_DELAY_MS);
    expect(decode(reply)).toMatchObject({ outcome: 'succeeded', reason: 'ok', createdAmount: 2 });
  });
});
