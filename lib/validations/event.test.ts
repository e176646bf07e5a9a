import { describe, expect, it } from 'vitest';

import { DETAIL_FIELDS, EVENT_FIELD_LIMITS, EVENT_TYPES } from '@/lib/salesmanago/event-types';

import { eventInputSchema, parseEvent, type EventData } from './event';

const base = { type: 'PURCHASE', email: 'jan@example.com' };
const UUID = '3521dc0f-a934-4b6c-bb08-84f2e144047d';

function ok(input: unknown): EventData {
  const result = parseEvent(input);
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result.data;
}

function errorsOf(input: unknown): Record<string, string[]> {
  const result = parseEvent(input);
  if (result.ok) throw new Error('expected a validation failure');
  return result.fieldErrors;
}

describe('type', () => {
  it('upper-cases before checking the list', () => {
    expect(ok({ ...base, type: 'purchase' }).type).toBe('PURCHASE');
    expect(ok({ ...base, type: '  Cart ' }).type).toBe('CART');
    expect(ok({ ...base, type: 'phone_call' }).type).toBe('PHONE_CALL');
  });

  it('accepts all 25 SALESmanago types', () => {
    for (const type of EVENT_TYPES) expect(ok({ ...base, type }).type).toBe(type);
  });

  it('names an unknown type as unknown and lists the accepted ones', () => {
    const [message] = errorsOf({ ...base, type: 'buy' }).type ?? [];
    expect(message).toContain('"BUY" is an unknown event type');
    expect(message).toContain('PURCHASE, CART, VISIT');
    expect(message).toContain('REPEATED_LOAN');
  });

  it('asks for a type when it is missing or empty', () => {
    expect(errorsOf({ email: 'jan@example.com' }).type).toEqual(['Choose an event type.']);
    expect(errorsOf({ ...base, type: '' }).type).toEqual(['Choose an event type.']);
  });
});

describe('contact', () => {
  it('needs an email or a contact ID', () => {
    expect(errorsOf({ type: 'CART' }).email?.[0]).toMatch(/email or their contact ID/);
    expect(errorsOf({ type: 'CART', email: '', contactId: '  ' }).email?.[0]).toMatch(
      /email or their contact ID/,
    );
    expect(ok({ type: 'CART', contactId: UUID }).contactId).toBe(UUID);
  });

  it('keeps both when both are given (the request builder chooses)', () => {
    const data = ok({ ...base, contactId: UUID });
    expect(data.email).toBe('jan@example.com');
    expect(data.contactId).toBe(UUID);
  });

  it('rejects an invalid email without also claiming it is missing', () => {
    const errors = errorsOf({ type: 'CART', email: 'jan@' });
    expect(errors.email).toEqual(['"jan@" is not a valid email address.']);
  });

  it('trims the email and requires a UUID contact ID', () => {
    expect(ok({ ...base, email: ' jan@example.com ' }).email).toBe('jan@example.com');
    expect(errorsOf({ type: 'CART', contactId: '12345' }).contactId?.[0]).toMatch(/must be a UUID/);
  });
});

describe('date', () => {
  const when = Date.UTC(2025, 2, 14, 8, 30, 0);

  it('is optional (the request builder fills in now)', () => {
    expect(ok(base).date).toBeUndefined();
    expect(ok({ ...base, date: '' }).date).toBeUndefined();
  });

  it('normalises ISO 8601, epoch ms and digit strings to the same integer ms', () => {
    expect(ok({ ...base, date: '2025-03-14T09:30:00+01:00' }).date).toBe(when);
    expect(ok({ ...base, date: '2025-03-14T08:30:00Z' }).date).toBe(when);
    expect(ok({ ...base, date: '2025-03-14T08:30:00.123Z' }).date).toBe(when + 123);
    expect(ok({ ...base, date: when }).date).toBe(when);
    expect(ok({ ...base, date: String(when) }).date).toBe(when);
    expect(ok({ ...base, date: when + 0.4 }).date).toBe(when);
  });

  it('refuses strings it would have to guess about', () => {
    expect(errorsOf({ ...base, date: '2025-03-14T09:30' }).date?.[0]).toMatch(/has no timezone/);
    expect(errorsOf({ ...base, date: '2025-03-14' }).date?.[0]).toMatch(/needs a time and a timezone/);
    expect(errorsOf({ ...base, date: 'next tuesday' }).date?.[0]).toMatch(
      /is not a date SALESmanago can use/,
    );
    expect(errorsOf({ ...base, date: '2025-02-30T10:00:00Z' }).date?.[0]).toMatch(/not a real date/);
    expect(errorsOf({ ...base, date: true }).date?.[0]).toMatch(/ISO 8601/);
  });

  it('explains seconds given instead of milliseconds', () => {
    expect(errorsOf({ ...base, date: 1741941000 }).date?.[0]).toBe(
      'Date 1741941000 looks like seconds, but SALESmanago wants milliseconds: use 1741941000000.',
    );
  });

  it('refuses absurd dates', () => {
    expect(errorsOf({ ...base, date: '1999-12-31T23:59:59Z' }).date?.[0]).toMatch(/too far in the past/);
    expect(errorsOf({ ...base, date: Date.now() + 400 * 86_400_000 }).date?.[0]).toMatch(
      /more than a year in the future/,
    );
    expect(errorsOf({ ...base, date: -5 }).date?.[0]).toMatch(/too far in the past/);
  });
});

describe('value', () => {
  it('accepts numbers and numeric strings', () => {
    expect(ok({ ...base, value: 1234.43 }).value).toBe(1234.43);
    expect(ok({ ...base, value: ' 12.50 ' }).value).toBe(12.5);
    expect(ok({ ...base, value: '-5' }).value).toBe(-5);
  });

  it('says "Value must be a number" for text', () => {
    expect(errorsOf({ ...base, value: 'abc' }).value).toEqual(['Value must be a number.']);
    expect(errorsOf({ ...base, value: '12,50' }).value?.[0]).toMatch(/^Value must be a number: use a dot/);
    expect(errorsOf({ ...base, value: {} }).value).toEqual(['Value must be a number.']);
  });

  it('allows 2 decimals and refuses a third', () => {
    expect(ok({ ...base, value: '0.99' }).value).toBe(0.99);
    expect(ok({ ...base, value: '0.990' }).value).toBe(0.99);
    expect(errorsOf({ ...base, value: '0.999' }).value).toEqual([
      'Value can have at most 2 decimal places (you have 3).',
    ]);
    expect(errorsOf({ ...base, value: 0.125 }).value).toEqual([
      'Value can have at most 2 decimal places (you have 3).',
    ]);
  });

  it('rounds floating-point noise from shop code to cents', () => {
    expect(ok({ ...base, value: 19.99 * 3 }).value).toBe(59.97);
  });

  it('allows 19 digits before the point and refuses 20', () => {
    expect(ok({ ...base, value: '1000000000000000000' }).value).toBe(1e18);
    expect(errorsOf({ ...base, value: '10000000000000000000' }).value).toEqual([
      'Value can have at most 19 digits before the decimal point (you have 20).',
    ]);
    expect(errorsOf({ ...base, value: 1e19 }).value?.[0]).toMatch(/at most 19 digits/);
  });

  it('refuses a value that would not arrive exactly', () => {
    expect(errorsOf({ ...base, value: '12345678901234567' }).value?.[0]).toMatch(
      /more digits than can be sent exactly/,
    );
  });
});

describe('length limits (at the limit passes, one over fails with the count)', () => {
  const cases: [string, number, string][] = [
    ['description', EVENT_FIELD_LIMITS.description, 'Description'],
    ['products', EVENT_FIELD_LIMITS.products, 'Products'],
    ['location', EVENT_FIELD_LIMITS.location, 'Location'],
    ['externalId', EVENT_FIELD_LIMITS.externalId, 'Order number'],
    ['shopDomain', EVENT_FIELD_LIMITS.shopDomain, 'Shop domain'],
    ['detail1', EVENT_FIELD_LIMITS.detail, 'Detail 1'],
    ['detail20', EVENT_FIELD_LIMITS.detail, 'Detail 20'],
  ];

  it('has the documented limits', () => {
    expect(cases.map(([, max]) => max)).toEqual([2048, 512, 36, 255, 255, 255, 255]);
  });

  it.each(cases)('%s: %i', (field, max, label) => {
    expect(ok({ ...base, [field]: 'a'.repeat(max) })[field as keyof EventData]).toBe('a'.repeat(max));
    expect(errorsOf({ ...base, [field]: 'a'.repeat(max + 1) })[field]).toEqual([
      `${label} can be at most ${max} characters (you have ${max + 1}).`,
    ]);
  });

  it('matches the brief example for products', () => {
    expect(errorsOf({ ...base, products: 'p'.repeat(530) }).products).toEqual([
      'Products can be at most 512 characters (you have 530).',
    ]);
  });
});

describe('other fields', () => {
  it('joins a products array with commas', () => {
    expect(ok({ ...base, products: ['p01', ' p02 ', '', 7] }).products).toBe('p01,p02,7');
    expect(ok({ ...base, products: 'p01, p02' }).products).toBe('p01, p02');
    expect(ok({ ...base, products: [] }).products).toBeUndefined();
  });

  it('restricts location to the feed ID characters', () => {
    expect(ok({ ...base, location: 'Shop_ID/eu-1.main' }).location).toBe('Shop_ID/eu-1.main');
    expect(errorsOf({ ...base, location: 'Krupnicza 3' }).location?.[0]).toMatch(/only letters, digits/);
  });

  it('turns numeric IDs and details into text', () => {
    const data = ok({ ...base, externalId: 10045, detail2: 3 });
    expect(data.externalId).toBe('10045');
    expect(data.detail2).toBe('3');
  });

  it('keeps free text exactly as typed', () => {
    expect(ok({ ...base, description: '  Purchase card "Super Bonus"  ' }).description).toBe(
      '  Purchase card "Super Bonus"  ',
    );
  });

  it('reads forceOptIn as a boolean', () => {
    expect(ok({ ...base, forceOptIn: true }).forceOptIn).toBe(true);
    expect(ok({ ...base, forceOptIn: 'false' }).forceOptIn).toBe(false);
    expect(ok({ ...base, forceOptIn: '' }).forceOptIn).toBeUndefined();
    expect(errorsOf({ ...base, forceOptIn: 'yes' }).forceOptIn).toEqual([
      'Force opt-in must be true or false.',
    ]);
  });

  it('requires eventId to be a UUID', () => {
    expect(ok({ ...base, eventId: UUID }).eventId).toBe(UUID);
    expect(errorsOf({ ...base, eventId: 'abc' }).eventId?.[0]).toMatch(/Event ID must be a UUID/);
  });
});

describe('blank and unknown input', () => {
  it('treats empty strings and null as absent', () => {
    const blanks = Object.fromEntries(
      [
        'description',
        'products',
        'location',
        'value',
        'externalId',
        'shopDomain',
        'contactId',
        'eventId',
        'date',
        ...DETAIL_FIELDS,
      ].map((f) => [f, '']),
    );
    const data = ok({ ...base, ...blanks, detail3: null, value: null });
    expect(data).toEqual({ type: 'PURCHASE', email: 'jan@example.com' });
  });

  it('refuses unknown keys and suggests the intended field', () => {
    const errors = errorsOf({ ...base, detial1: 'x', Type: 'CART', colour: 'red' });
    expect(errors.detial1).toEqual([
      '"detial1" is not a field of an external event. Did you mean "detail1"?',
    ]);
    expect(errors.Type?.[0]).toContain('Did you mean "type"?');
    expect(errors.colour).toEqual(['"colour" is not a field of an external event.']);
  });

  it('gives a clear message for a body that is not an object', () => {
    for (const input of [null, 'PURCHASE', [base]]) {
      const result = parseEvent(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/must be a JSON object/);
    }
  });

  it('summarises several problems in one message', () => {
    const result = parseEvent({ type: 'nope', value: 'abc', location: 'a b', detial1: 'x', date: 'soon' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      'date',
      'detial1',
      'email',
      'location',
      'type',
      'value',
    ]);
    expect(result.message).toMatch(/^"NOPE" is an unknown event type/);
    expect(result.message).toMatch(/\(and 3 more problems\)$/);
  });

  it('exposes the same rules through the schema itself', () => {
    expect(eventInputSchema.safeParse({ ...base, value: 'abc' }).success).toBe(false);
    expect(eventInputSchema.parse({ type: 'visit', contactId: UUID })).toEqual({
      type: 'VISIT',
      contactId: UUID,
    });
  });
});
