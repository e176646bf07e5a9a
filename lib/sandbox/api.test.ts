import { describe, expect, it } from 'vitest';

import {
  buildBatchAddRequest,
  buildHasContactRequest,
  buildListUsersRequest,
  LEGACY_PATHS,
  PATHS,
} from '@/lib/salesmanago/requests';
import type { EventData } from '@/lib/validations/event';
import { handleSandboxApi } from './api';
import { createMemorySandboxStore, MEMORY_STORE_CREDENTIALS as creds } from './memory-store';
import { DATE, decode, json, NOW, send } from './test-helpers';

const event = (email: string, extra: Partial<EventData> = {}): EventData => ({
  type: 'PURCHASE',
  email,
  date: DATE,
  ...extra,
});

describe('the dispatcher', () => {
  it('answers an unknown method with 404, which the console reads as "not an API endpoint"', async () => {
    const reply = await handleSandboxApi('/api/nope', '{}', createMemorySandboxStore(), NOW);
    expect(reply.status).toBe(404);
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'http-not-found' });
  });

  it.each([
    ['not JSON', '{"clientId":', 'Request body is not valid JSON'],
    ['a JSON array', '[]', 'Request body must be a JSON object'],
    ['JSON null', 'null', 'Request body must be a JSON object'],
  ])('answers 400 to a body that is %s', async (_, raw, message) => {
    const reply = await handleSandboxApi(PATHS.addEvent, raw, createMemorySandboxStore(), NOW);
    expect(reply).toEqual({ status: 400, json: { success: false, message: [message] } });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'http-client-error' });
  });

  it('serves every event path once api.ts is imported', async () => {
    const paths = [PATHS.addEvent, PATHS.updateEvent, PATHS.batchAddEvents, ...Object.values(LEGACY_PATHS)];
    for (const path of paths) {
      // An unsigned body: a registered path answers with an auth refusal, an unknown one with 404.
      expect(await handleSandboxApi(path, '{}', createMemorySandboxStore(), NOW)).toEqual({
        status: 200,
        json: { success: false, message: ['Api key not specified'] },
      });
    }
  });
});

describe('read-only calls (§5)', () => {
  it('listByClient lists the users', async () => {
    const reply = await send(createMemorySandboxStore(), buildListUsersRequest(creds, NOW));
    expect(json(reply)).toEqual({
      success: true,
      message: [],
      users: [creds.owner, 'marketing@sandbox.example.com'],
    });
  });

  it('hasContact finds a contact by email in any case, and says when there is none', async () => {
    const store = createMemorySandboxStore();
    expect(json(await send(store, buildHasContactRequest(creds, 'anna@example.com', NOW)))).toEqual({
      success: true,
      message: [],
      result: false,
    });
    const contact = await store.createContact(1, 'anna@example.com');
    expect(json(await send(store, buildHasContactRequest(creds, 'ANNA@example.com', NOW)))).toMatchObject({
      result: true,
      contactId: contact.id,
    });
    const noEmail = await send(store, buildHasContactRequest(creds, ' ', NOW));
    expect(decode(noEmail)).toMatchObject({ outcome: 'rejected', reason: 'contact-missing' });
  });
});

describe('batch add (§3.4)', () => {
  it('adds every valid event to existing contacts', async () => {
    const store = createMemorySandboxStore();
    await store.createContact(1, 'anna@example.com');
    await store.createContact(1, 'bob@example.com');
    const reply = await send(
      store,
      buildBatchAddRequest(creds, [event('anna@example.com'), event('Bob@example.com')], NOW),
    );
    expect(json(reply)).toEqual({
      success: true,
      message: [],
      failedContacts: [],
      createdAmount: 2,
      failedAmount: 0,
    });
    expect(decode(reply)).toMatchObject({
      outcome: 'succeeded',
      reason: 'ok',
      createdAmount: 2,
      failedAmount: 0,
    });
    expect(store.events.map((e) => e.path)).toEqual([PATHS.batchAddEvents, PATHS.batchAddEvents]);
  });

  it('checks each item on its own, stores the valid ones and counts the rest', async () => {
    const store = createMemorySandboxStore();
    const anna = await store.createContact(1, 'anna@example.com');
    const req = buildBatchAddRequest(
      creds,
      [
        event('anna@example.com', { value: 10 }),
        event('anna@example.com'),
        event('nobody@example.com'),
        event('anna@example.com', { email: undefined, contactId: anna.id, type: 'CART' }),
        event('anna@example.com'),
        event('anna@example.com'),
      ],
      NOW,
    );
    const items = req.body.events as Record<string, unknown>[];
    (items[1]!.contactEvent as Record<string, unknown>).contactExtEventType = 'purchase';
    items[4]!.owner = creds.owner;
    delete (items[5]!.contactEvent as Record<string, unknown>).date;
    items.push('not an event' as unknown as Record<string, unknown>);

    const reply = await send(store, req);
    expect(json(reply)).toEqual({
      success: true,
      message: [],
      failedContacts: [
        {
          email: 'anna@example.com',
          message: 'Invalid event type: purchase (event types must be in capital letters)',
        },
        // A batch does not create contacts (open question 4).
        { email: 'nobody@example.com', message: 'Contact not found: nobody@example.com' },
        {
          email: 'anna@example.com',
          message: 'owner is not allowed in an event; send it once at the top level',
        },
        { email: 'anna@example.com', message: 'date is required' },
        { message: 'Event must be an object' },
      ],
      createdAmount: 2,
      failedAmount: 5,
    });
    expect(store.events.map((e) => [e.contactId, e.type, e.event.value])).toEqual([
      [anna.id, 'PURCHASE', 10],
      [anna.id, 'CART', undefined],
    ]);
    expect(store.contacts).toHaveLength(1);
    const decoded = decode(reply);
    expect(decoded).toMatchObject({
      outcome: 'succeeded',
      reason: 'batch-partly-failed',
      createdAmount: 2,
      failedAmount: 5,
    });
    expect(decoded.explanation).toContain('2 added, 5 not added');
  });

  it('answers on the deprecated path too', async () => {
    const store = createMemorySandboxStore();
    await store.createContact(1, 'anna@example.com');
    const reply = await send(
      store,
      buildBatchAddRequest(creds, [event('anna@example.com')], NOW),
      LEGACY_PATHS.batchAddEvents,
    );
    expect(json(reply)).toMatchObject({ success: true, createdAmount: 1 });
    expect(store.events[0]?.path).toBe(LEGACY_PATHS.batchAddEvents);
  });

  it('takes 1000 events in one call', async () => {
    const store = createMemorySandboxStore();
    await store.createContact(1, 'anna@example.com');
    const events = Array.from({ length: 1000 }, (_, i) =>
      event('anna@example.com', { externalId: String(i) }),
    );
    expect(json(await send(store, buildBatchAddRequest(creds, events, NOW)))).toMatchObject({
      createdAmount: 1000,
      failedAmount: 0,
    });
    expect(new Set(store.events.map((e) => e.id)).size).toBe(1000);
  });

  it('stores a batch in one transaction, with as many store calls for 999 events as for 3', async () => {
    // On PostgreSQL every store call is a round trip: a batch must not make one per event.
    async function storeCalls(size: number) {
      const store = createMemorySandboxStore();
      const anna = await store.createContact(1, 'anna@example.com');
      const calls: Record<string, number> = {};
      const counted = new Proxy(store, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls[String(key)] = (calls[String(key)] ?? 0) + 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      // By email, by contact ID, and a magic contact the batch creates: every kind of look-up.
      const events = Array.from({ length: size }, (_, i) =>
        i % 3 === 0
          ? event('anna@example.com', { externalId: String(i) })
          : i % 3 === 1
            ? event('anna@example.com', { email: undefined, contactId: anna.id, externalId: String(i) })
            : event('sandbox+slow@example.com', { externalId: String(i) }),
      );
      const req = buildBatchAddRequest(creds, events, NOW);
      const reply = await handleSandboxApi(req.path, JSON.stringify(req.body), counted, NOW);
      expect(json(reply)).toMatchObject({ createdAmount: size, failedAmount: 0 });
      return calls;
    }
    const small = await storeCalls(3);
    expect(small).toMatchObject({ transaction: 1, insertEvents: 1, ensureContacts: 1 });
    expect(await storeCalls(999)).toEqual(small);
  });

  it.each([
    ['an empty list', [], 'got 0 events'],
    ['1001 events', Array.from({ length: 1001 }, () => ({})), 'got 1001 events'],
    ['no list', undefined, 'events must be a list'],
    ['a list that is not one', { a: 1 }, 'events must be a list'],
  ])('refuses %s, naming the limit', async (_, events, detail) => {
    const store = createMemorySandboxStore();
    const req = buildBatchAddRequest(creds, [event('anna@example.com')], NOW);
    const reply = await send(store, { ...req, body: { ...req.body, events } });
    expect(json(reply)).toEqual({
      success: false,
      message: ["List cannot be empty and it's limited to 1000"],
      values: { events: [detail] },
    });
    const decoded = decode(reply);
    expect(decoded).toMatchObject({ outcome: 'rejected', reason: 'validation-failed' });
    expect(decoded.explanation).toContain(detail);
    expect(store.events).toEqual([]);
  });

  it('checks auth first and never stores a secret', async () => {
    const store = createMemorySandboxStore();
    await store.createContact(1, 'anna@example.com');
    const req = buildBatchAddRequest(creds, [event('anna@example.com')], NOW);
    expect(decode(await send(store, { ...req, body: { ...req.body, owner: 'x@example.com' } })).reason).toBe(
      'owner-invalid',
    );
    await send(store, req);
    const dump = JSON.stringify(store.events);
    for (const secret of [creds.apiKey, creds.apiSecret, req.body.sha as string])
      expect(dump).not.toContain(secret);
    for (const key of ['apiKey', 'sha', 'clientId', 'requestTime', 'owner'])
      expect(dump).not.toContain(`"${key}"`);
  });
});
