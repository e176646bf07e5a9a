import { describe, expect, it } from 'vitest';

import { parseEvent, type EventData } from '@/lib/validations/event';

import type { Credentials } from './auth';
import {
  buildAddEventRequest,
  buildBatchAddRequest,
  buildDeleteEventRequest,
  buildHasContactRequest,
  buildListUsersRequest,
  buildUpdateEventRequest,
  LEGACY_PATHS,
  PATHS,
  REDACTED,
  redactRequestBody,
  REQUEST_HEADERS,
} from './requests';

const creds: Credentials = {
  clientId: 'client-1',
  apiKey: 'key-1',
  apiSecret: 'secret-1',
  owner: 'admin@vendor.pl',
};
const NOW = 1356180568127;
const auth = (sha: string) => ({
  clientId: 'client-1',
  apiKey: 'key-1',
  requestTime: NOW,
  sha,
  owner: 'admin@vendor.pl',
});
const UUID = '3521dc0f-a934-4b6c-bb08-84f2e144047d';

function event(input: Record<string, unknown>): EventData {
  const result = parseEvent(input);
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

const sha = buildListUsersRequest(creds, NOW).body.sha as string;

describe('buildAddEventRequest', () => {
  it('builds the documented body (§3.3) for a full event', () => {
    const data = event({
      type: 'purchase',
      email: 'test@benhauer.com',
      forceOptIn: true,
      date: 1356180568153,
      description: 'Purchase card "Super Bonus"',
      products: ['p01', 'p02'],
      location: 'Shop_ID',
      value: '1234.43',
      detail1: 'C.ID: *** *** 234',
      detail2: 'Payment by credit card',
      detail3: null,
      externalId: 'A-123123123',
      shopDomain: 'shop.salesmanago.pl',
    });
    const { path, body } = buildAddEventRequest(creds, data, NOW);
    expect(path).toBe('/api/v2/contact/addContactExtEvent');
    expect(body).toEqual({
      ...auth(sha),
      email: 'test@benhauer.com',
      forceOptIn: true,
      contactEvent: {
        date: 1356180568153,
        contactExtEventType: 'PURCHASE',
        description: 'Purchase card "Super Bonus"',
        products: 'p01,p02',
        location: 'Shop_ID',
        value: 1234.43,
        detail1: 'C.ID: *** *** 234',
        detail2: 'Payment by credit card',
        externalId: 'A-123123123',
        shopDomain: 'shop.salesmanago.pl',
      },
    });
    expect(Object.keys(body.contactEvent as object).slice(0, 2)).toEqual(['date', 'contactExtEventType']);
  });

  it('sends only the fields that are present, and no undefined keys', () => {
    const { body } = buildAddEventRequest(creds, event({ type: 'VISIT', email: 'a@b.co' }), NOW);
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    expect(Object.keys(body)).toEqual([
      'clientId',
      'apiKey',
      'requestTime',
      'sha',
      'owner',
      'email',
      'contactEvent',
    ]);
    expect(body.contactEvent).toEqual({ date: NOW, contactExtEventType: 'VISIT' });
  });

  it('dates an event without a date at the request time, in ms', () => {
    const { body } = buildAddEventRequest(creds, event({ type: 'LOGIN', email: 'a@b.co' }), NOW);
    expect((body.contactEvent as { date: number }).date).toBe(NOW);
    expect(body.requestTime).toBe(NOW);
    const later = buildAddEventRequest(creds, event({ type: 'LOGIN', email: 'a@b.co' }));
    expect(String((later.body.contactEvent as { date: number }).date)).toHaveLength(13);
  });

  it('drops email when a contact ID is given, like the official lib', () => {
    const { body } = buildAddEventRequest(
      creds,
      event({ type: 'CART', email: 'a@b.co', contactId: UUID }),
      NOW,
    );
    expect(body.contactId).toBe(UUID);
    expect(body).not.toHaveProperty('email');
  });

  it('puts forceOptIn at the top level, false included', () => {
    const { body } = buildAddEventRequest(
      creds,
      event({ type: 'CART', email: 'a@b.co', forceOptIn: false }),
      NOW,
    );
    expect(body.forceOptIn).toBe(false);
    expect(body.contactEvent).not.toHaveProperty('forceOptIn');
  });

  it('never sends an eventId on add', () => {
    const { body } = buildAddEventRequest(
      creds,
      event({ type: 'CART', email: 'a@b.co', eventId: UUID }),
      NOW,
    );
    expect(JSON.stringify(body)).not.toContain(UUID);
  });

  it('never puts the API secret in the body', () => {
    const { body } = buildAddEventRequest(creds, event({ type: 'CART', email: 'a@b.co' }), NOW);
    expect(JSON.stringify(body)).not.toContain('secret-1');
  });
});

describe('buildUpdateEventRequest', () => {
  it('resends the whole event with its eventId first in contactEvent', () => {
    const data = event({ type: 'CART', email: 'a@b.co', eventId: UUID, value: 10, products: 'p1' });
    const { path, body } = buildUpdateEventRequest(creds, data as EventData & { eventId: string }, NOW);
    expect(path).toBe('/api/v2/contact/updateContactExtEvent');
    expect(body.contactEvent).toEqual({
      eventId: UUID,
      date: NOW,
      contactExtEventType: 'CART',
      products: 'p1',
      value: 10,
    });
    expect(Object.keys(body.contactEvent as object)[0]).toBe('eventId');
    expect(body.email).toBe('a@b.co');
  });

  it('refuses an event without eventId', () => {
    const data = event({ type: 'CART', email: 'a@b.co' });
    expect(() => buildUpdateEventRequest(creds, data as EventData & { eventId: string }, NOW)).toThrow(
      /eventId/,
    );
  });
});

describe('buildBatchAddRequest', () => {
  const one = event({ type: 'PURCHASE', email: 'a@b.co', value: 5, forceOptIn: true });

  it('keeps owner at the top level only', () => {
    const { path, body } = buildBatchAddRequest(
      creds,
      [one, event({ type: 'CART', contactId: UUID, email: 'x@example.com' })],
      NOW,
    );
    expect(path).toBe(PATHS.batchAddEvents);
    expect(path).toBe('/api/v2/contact/addBatchContactExtEvent');
    expect(body.owner).toBe('admin@vendor.pl');
    expect(body.events).toEqual([
      { email: 'a@b.co', contactEvent: { date: NOW, contactExtEventType: 'PURCHASE', value: 5 } },
      { contactId: UUID, contactEvent: { date: NOW, contactExtEventType: 'CART' } },
    ]);
  });

  it('accepts 1 and 1000 events and throws RangeError for 0 or 1001', () => {
    expect(() => buildBatchAddRequest(creds, [one], NOW)).not.toThrow();
    expect((buildBatchAddRequest(creds, Array(1000).fill(one), NOW).body.events as unknown[]).length).toBe(
      1000,
    );
    expect(() => buildBatchAddRequest(creds, [], NOW)).toThrow(RangeError);
    expect(() => buildBatchAddRequest(creds, Array(1001).fill(one), NOW)).toThrow(RangeError);
  });
});

describe('other calls', () => {
  it('lists users with only the auth fields', () => {
    expect(buildListUsersRequest(creds, NOW)).toEqual({ path: '/api/user/listByClient', body: auth(sha) });
  });

  it('asks whether a contact exists', () => {
    expect(buildHasContactRequest(creds, 'a@b.co', NOW)).toEqual({
      path: '/api/contact/hasContact',
      body: { ...auth(sha), email: 'a@b.co' },
    });
  });

  it('deletes by eventId', () => {
    expect(buildDeleteEventRequest(creds, UUID, NOW).body).toEqual({ ...auth(sha), eventId: UUID });
  });

  it('knows the legacy paths and the §3.1 headers', () => {
    expect(LEGACY_PATHS).toEqual({
      addEvent: '/api/contact/addContactExtEvent',
      updateEvent: '/api/contact/updateContactExtEvent',
      batchAddEvents: '/api/contact/batchAddContactExtEvent',
    });
    expect(REQUEST_HEADERS).toEqual({
      Accept: 'application/json, application/json',
      'Content-Type': 'application/json;charset=UTF-8',
    });
  });
});

describe('redactRequestBody', () => {
  it('masks apiKey and sha, removes apiSecret at any depth, and leaves the original alone', () => {
    const body = {
      ...auth(sha),
      apiSecret: 'secret-1',
      nested: [{ apiKey: 'k', ApiSecret: 's', keep: 1 }],
      contactEvent: { sha: 'x' },
    };
    const copy = redactRequestBody(body);
    expect(copy).toEqual({
      ...auth(REDACTED),
      apiKey: REDACTED,
      nested: [{ apiKey: REDACTED, keep: 1 }],
      contactEvent: { sha: REDACTED },
    });
    expect(REDACTED).toBe('•••• (redacted)');
    expect(body.apiKey).toBe('key-1');
    expect(body.nested[0]?.ApiSecret).toBe('s');
    const text = JSON.stringify(copy);
    for (const secret of ['key-1', 'secret-1', sha]) expect(text).not.toContain(secret);
  });
});
