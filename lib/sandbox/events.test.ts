import { describe, expect, it } from 'vitest';

import { DETAIL_FIELDS } from '@/lib/salesmanago/event-fields';
import {
  buildAddEventRequest,
  buildUpdateEventRequest,
  LEGACY_PATHS,
  PATHS,
  type SalesmanagoRequest,
} from '@/lib/salesmanago/requests';
import type { EventData } from '@/lib/validations/event';
import {
  createMemorySandboxStore,
  MEMORY_STORE_CREDENTIALS as creds,
  type MemorySandboxStore,
} from './memory-store';
import { DATE, decode, json, NOW, send } from './test-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const purchase = (extra: Partial<EventData> = {}): EventData => ({
  type: 'PURCHASE',
  email: 'anna@example.com',
  date: DATE,
  value: 249.99,
  externalId: '10045',
  ...extra,
});

/** An add request whose contactEvent is patched after signing, for bodies the console would never build. */
function addWith(patch: Record<string, unknown>, event: EventData = purchase()): SalesmanagoRequest {
  const req = buildAddEventRequest(creds, event, NOW);
  const contactEvent = { ...(req.body.contactEvent as Record<string, unknown>), ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete contactEvent[k];
  return { ...req, body: { ...req.body, contactEvent } };
}

describe('add an external event', () => {
  it('stores the event, creates the unknown contact, and answers with an eventId', async () => {
    const store = createMemorySandboxStore(() => NOW);
    const reply = await send(
      store,
      buildAddEventRequest(creds, purchase({ description: 'Order #10045' }), NOW),
    );
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ success: true, message: [], eventId: expect.stringMatching(UUID) });
    expect(store.contacts).toEqual([expect.objectContaining({ email: 'anna@example.com' })]);
    expect(store.events).toEqual([
      expect.objectContaining({
        id: json(reply).eventId,
        contactId: store.contacts[0]!.id,
        type: 'PURCHASE',
        path: PATHS.addEvent,
        createdAt: NOW,
        event: {
          contactExtEventType: 'PURCHASE',
          date: DATE,
          value: 249.99,
          externalId: '10045',
          description: 'Order #10045',
        },
      }),
    ]);
    expect(decode(reply)).toMatchObject({ outcome: 'succeeded', reason: 'ok', eventId: json(reply).eventId });
  });

  it('adds to an existing contact by email (any case) or by contactId, without creating another', async () => {
    const store = createMemorySandboxStore();
    const contact = await store.createContact(1, 'anna@example.com');
    expect(
      json(await send(store, buildAddEventRequest(creds, purchase({ email: 'Anna@Example.COM' }), NOW)))
        .success,
    ).toBe(true);
    const byId = buildAddEventRequest(creds, purchase({ email: undefined, contactId: contact.id }), NOW);
    expect(json(await send(store, byId)).success).toBe(true);
    expect(store.contacts).toHaveLength(1);
    expect(store.events.map((e) => e.contactId)).toEqual([contact.id, contact.id]);
  });

  it('answers on the legacy path too', async () => {
    const store = createMemorySandboxStore();
    const reply = await send(store, buildAddEventRequest(creds, purchase(), NOW), LEGACY_PATHS.addEvent);
    expect(decode(reply)).toMatchObject({ outcome: 'succeeded', reason: 'ok' });
    expect(store.events[0]?.path).toBe(LEGACY_PATHS.addEvent);
  });

  it('never stores an auth field or a secret', async () => {
    const store = createMemorySandboxStore();
    await send(store, buildAddEventRequest(creds, purchase(), NOW));
    const req = buildAddEventRequest(creds, purchase(), NOW);
    const sha = req.body.sha as string;
    const dump = JSON.stringify([store.events, store.contacts]);
    for (const secret of [creds.apiKey, creds.apiSecret, sha, creds.owner])
      expect(dump).not.toContain(secret);
    for (const key of ['apiKey', 'sha', 'clientId', 'requestTime', 'owner'])
      expect(dump).not.toContain(`"${key}"`);
  });

  it('accepts an ISO 8601 date with a zone and stores it as epoch ms (open question 6)', async () => {
    const store = createMemorySandboxStore();
    const reply = await send(store, addWith({ date: '2025-06-01T13:00:00+02:00' }));
    expect(json(reply).success).toBe(true);
    expect(store.events[0]?.event.date).toBe(Date.UTC(2025, 5, 1, 11));
  });

  it('refuses a lowercase type, which the console upper-cases before sending', async () => {
    const store = createMemorySandboxStore();
    const reply = await send(store, addWith({ contactExtEventType: 'purchase' }));
    expect(json(reply)).toMatchObject({
      success: false,
      message: ['Invalid event type: purchase (event types must be in capital letters)'],
      values: { contactExtEventType: [expect.stringContaining('PURCHASE, CART')] },
    });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'event-type-invalid' });
    expect(store.events).toEqual([]);
  });

  it.each([
    ['an unknown type', { contactExtEventType: 'REFUND' }],
    ['a missing type', { contactExtEventType: undefined }],
    ['a type that is not text', { contactExtEventType: 7 }],
  ])('refuses %s as an invalid event type', async (_, patch) => {
    const reply = await send(createMemorySandboxStore(), addWith(patch));
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'event-type-invalid' });
  });

  it.each([
    ['missing', undefined, 'date is required'],
    ['in seconds', Math.floor(DATE / 1000), 'Invalid date'],
    ['without a timezone', '2025-06-01T13:00:00', 'Invalid date'],
    ['not a number or text', true, 'Invalid date'],
  ])('refuses a date %s as a field problem', async (_, date, message) => {
    const reply = await send(createMemorySandboxStore(), addWith({ date }));
    expect(json(reply)).toMatchObject({
      success: false,
      message: [message],
      values: { date: [expect.any(String)] },
    });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'validation-failed' });
  });

  it('refuses a body without contactEvent', async () => {
    const req = buildAddEventRequest(creds, purchase(), NOW);
    delete req.body.contactEvent;
    const reply = await send(createMemorySandboxStore(), req);
    expect(json(reply)).toMatchObject({
      message: ['contactEvent is required'],
      values: { contactEvent: ['required'] },
    });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'validation-failed' });
  });

  it('refuses an event with neither email nor contactId', async () => {
    const reply = await send(
      createMemorySandboxStore(),
      buildAddEventRequest(creds, purchase({ email: undefined }), NOW),
    );
    expect(json(reply)).toMatchObject({ success: false, message: ['Email or contactId not specified'] });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'contact-missing' });
  });

  it('treats a blank contactId as absent', async () => {
    const req = buildAddEventRequest(creds, purchase(), NOW);
    const reply = await send(createMemorySandboxStore(), { ...req, body: { ...req.body, contactId: '  ' } });
    expect(json(reply).success).toBe(true);
  });

  it('refuses an invalid email address', async () => {
    const reply = await send(
      createMemorySandboxStore(),
      buildAddEventRequest(creds, purchase({ email: 'anna' }), NOW),
    );
    expect(json(reply)).toMatchObject({ values: { email: ['not a valid email address'] } });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'validation-failed' });
  });

  it('refuses an unknown contactId instead of inventing a contact', async () => {
    const store = createMemorySandboxStore();
    const contactId = '3521dc0f-a934-4b6c-bb08-84f2e144047d';
    const reply = await send(
      store,
      buildAddEventRequest(creds, purchase({ email: undefined, contactId }), NOW),
    );
    expect(json(reply)).toEqual({ success: false, message: [`Contact not found: contactId ${contactId}`] });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'contact-not-found' });
    expect([store.contacts, store.events]).toEqual([[], []]);
  });

  it('names every problem at once, the first deciding the reason', async () => {
    const reply = await send(
      createMemorySandboxStore(),
      addWith({ contactExtEventType: 'cart', date: undefined, value: 'x' }),
    );
    expect(json(reply).message).toEqual([
      'Invalid event type: cart (event types must be in capital letters)',
      'date is required',
      'Invalid value',
    ]);
    expect(Object.keys(json(reply).values as object)).toEqual(['contactExtEventType', 'date', 'value']);
    const decoded = decode(reply);
    expect(decoded.reason).toBe('event-type-invalid');
    expect(decoded.explanation).toContain('date: required');
  });
});

describe('field limits (§3.3), at the limit and one over', () => {
  const textLimits: [string, number][] = [
    ['description', 2048],
    ['products', 512],
    ['location', 36],
    ['externalId', 255],
    ['shopDomain', 255],
    ...DETAIL_FIELDS.map((f): [string, number] => [f, 255]),
  ];

  it.each(textLimits)('%s: %i characters pass, one more is refused', async (field, max) => {
    const store = createMemorySandboxStore();
    expect(json(await send(store, addWith({ [field]: 'a'.repeat(max) }))).success).toBe(true);
    expect(store.events[0]?.event[field]).toBe('a'.repeat(max));

    const reply = await send(store, addWith({ [field]: 'a'.repeat(max + 1) }));
    expect(json(reply)).toMatchObject({
      success: false,
      message: [`${field} is too long`],
      values: { [field]: [`at most ${max} characters (got ${max + 1})`] },
    });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'validation-failed' });
    expect(store.events).toHaveLength(1);
  });

  it.each(['Shop_ID', 'sm_0123456789abcdef0123456789abcdef', 'a/b-c.d'])(
    'location %s is allowed',
    async (location) => {
      expect(json(await send(createMemorySandboxStore(), addWith({ location }))).success).toBe(true);
    },
  );

  it.each(['shop id', 'sklep-łódź', 'shop#1'])(
    'location %s has characters that are not allowed',
    async (location) => {
      const reply = await send(createMemorySandboxStore(), addWith({ location }));
      expect(json(reply).message).toEqual(['location contains characters that are not allowed']);
      expect(decode(reply).reason).toBe('validation-failed');
    },
  );

  it('takes numbers as text for text fields, and refuses objects', async () => {
    const store = createMemorySandboxStore();
    expect(json(await send(store, addWith({ externalId: 10045 }))).success).toBe(true);
    expect(store.events[0]?.event.externalId).toBe('10045');
    expect(json(await send(store, addWith({ detail1: { a: 1 } }))).message).toEqual([
      'detail1 must be a string',
    ]);
  });

  it.each([
    [1e18, true],
    [-1e18, true],
    [1e19, false],
    [12.34, true],
    ['12.50', true],
    [12.345, false],
    ['12,50', false],
    [[1], false],
  ])('value %s accepted: %s', async (value, accepted) => {
    const reply = await send(createMemorySandboxStore(), addWith({ value }));
    expect(json(reply).success).toBe(accepted);
    if (!accepted) {
      expect(json(reply)).toMatchObject({
        message: ['Invalid value'],
        values: { value: [expect.any(String)] },
      });
      expect(decode(reply).reason).toBe('validation-failed');
    }
  });
});

describe('update an external event (§3.4)', () => {
  const cart = (extra: Partial<EventData> = {}): EventData => ({
    type: 'CART',
    email: 'anna@example.com',
    date: DATE,
    value: 89.5,
    products: 'SKU-1',
    ...extra,
  });

  async function addCart(store: MemorySandboxStore): Promise<string> {
    return json(await send(store, buildAddEventRequest(creds, cart(), NOW))).eventId as string;
  }

  it('replaces the stored event and echoes its eventId', async () => {
    let clock = NOW;
    const store = createMemorySandboxStore(() => clock);
    const eventId = await addCart(store);
    clock = NOW + 1000;
    const req = buildUpdateEventRequest(
      creds,
      { ...cart({ value: 120, products: 'SKU-1,SKU-2' }), eventId },
      NOW,
    );
    const reply = await send(store, req);
    expect(json(reply)).toEqual({ success: true, message: [], eventId });
    expect(decode(reply)).toMatchObject({ outcome: 'succeeded', reason: 'ok', eventId });
    expect(store.events).toHaveLength(1);
    expect(store.events[0]).toMatchObject({
      id: eventId,
      type: 'CART',
      createdAt: NOW,
      updatedAt: NOW + 1000,
      // A full resend: the stored event is what was sent, with no eventId or auth field inside.
      event: { contactExtEventType: 'CART', date: DATE, value: 120, products: 'SKU-1,SKU-2' },
    });
    expect(store.events[0]?.event).not.toHaveProperty('eventId');
  });

  it('answers on the legacy path too', async () => {
    const store = createMemorySandboxStore();
    const eventId = await addCart(store);
    const req = buildUpdateEventRequest(creds, { ...cart({ value: 1 }), eventId }, NOW);
    expect(json(await send(store, req, LEGACY_PATHS.updateEvent))).toMatchObject({ success: true, eventId });
  });

  it('refuses an unknown eventId and stores nothing', async () => {
    const store = createMemorySandboxStore();
    await addCart(store);
    const eventId = '00000000-0000-4000-8000-000000000000';
    const reply = await send(store, buildUpdateEventRequest(creds, { ...cart({ value: 1 }), eventId }, NOW));
    expect(json(reply)).toMatchObject({
      success: false,
      message: [`Event not found: ${eventId}`],
      values: { eventId: ['no event with this ID in the account'] },
    });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'validation-failed' });
    expect(store.events[0]?.event.value).toBe(89.5);
  });

  it('refuses an update without an eventId', async () => {
    const store = createMemorySandboxStore();
    const req = buildUpdateEventRequest(creds, { ...cart(), eventId: 'x' }, NOW);
    delete (req.body.contactEvent as Record<string, unknown>).eventId;
    expect(json(await send(store, req))).toMatchObject({
      message: ['eventId is required'],
      values: { eventId: [expect.any(String)] },
    });
  });

  it("refuses to move another contact's event, and does not create the contact", async () => {
    const store = createMemorySandboxStore();
    const eventId = await addCart(store);
    const reply = await send(
      store,
      buildUpdateEventRequest(creds, { ...cart({ email: 'bob@example.com' }), eventId }, NOW),
    );
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason: 'contact-not-found' });
    await store.createContact(1, 'bob@example.com');
    const again = await send(
      store,
      buildUpdateEventRequest(creds, { ...cart({ email: 'bob@example.com' }), eventId }, NOW),
    );
    expect(json(again).message).toEqual(['Event belongs to another contact']);
    expect(store.contacts).toHaveLength(2);
  });

  it('validates the resent fields like an add', async () => {
    const store = createMemorySandboxStore();
    const eventId = await addCart(store);
    const req = buildUpdateEventRequest(creds, { ...cart(), eventId }, NOW);
    (req.body.contactEvent as Record<string, unknown>).contactExtEventType = 'cart';
    expect(decode(await send(store, req)).reason).toBe('event-type-invalid');
  });
});
