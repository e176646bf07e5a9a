import { describe, expect, it } from 'vitest';

import { parseEvent } from '@/lib/validations/event';
import {
  emptyState,
  fromEvent,
  localInputToMs,
  moneyInput,
  msToLocalInput,
  toEventInput,
  visibleDetails,
  withExample,
} from './form-state';

describe('composer form state', () => {
  it('round-trips a local date-time through epoch ms', () => {
    const ms = Date.UTC(2026, 10, 27, 14, 5, 9);
    expect(localInputToMs(msToLocalInput(ms))).toBe(ms);
    expect(localInputToMs('')).toBeUndefined();
    expect(localInputToMs('not a date')).toBeUndefined();
  });

  it('builds a valid event body, leaving blanks out and using now for an empty date', () => {
    const s = {
      ...emptyState('CART'),
      email: ' anna@example.com ',
      fields: { value: '12.50', products: 'A,B', description: '  ' },
    };
    const input = toEventInput(s, 1_800_000_000_000);
    expect(input).toEqual({
      type: 'CART',
      email: 'anna@example.com',
      date: 1_800_000_000_000,
      value: '12.50',
      products: 'A,B',
    });
    const parsed = parseEvent(input);
    expect(parsed.ok && parsed.data.value).toBe(12.5);
  });

  it('sends only the chosen identifier and the eventId only in update mode', () => {
    const s = {
      ...emptyState('CART'),
      email: 'a@example.com',
      contactId: '3521dc0f-a934-4b6c-bb08-84f2e144047d',
      contactMode: 'contactId' as const,
      eventId: '1e5a7a8e-1111-4b6c-bb08-84f2e144047d',
    };
    expect(toEventInput(s, 1)).not.toHaveProperty('email');
    expect(toEventInput(s, 1)).not.toHaveProperty('eventId');
    expect(toEventInput({ ...s, updateMode: true }, 1).eventId).toBe(s.eventId);
  });

  it('refills the form from a stored event, and the body it builds parses to the same event', () => {
    const parsed = parseEvent({
      type: 'PURCHASE',
      email: 'b@example.com',
      date: 1_790_000_000_000,
      value: 10,
      externalId: 'ORD-1',
      detail9: 'EUR',
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const state = fromEvent(parsed.data, emptyState());
    const again = parseEvent(toEventInput(state));
    expect(again.ok && again.data).toEqual(parsed.data);
  });

  it('fills a type example that passes validation, for every common type', () => {
    for (const type of ['PURCHASE', 'CART', 'VISIT', 'OFFER', 'LOGIN', 'OTHER'] as const) {
      const s = withExample({ ...emptyState(), email: 'c@example.com' }, type);
      const parsed = parseEvent(toEventInput(s));
      expect(parsed.ok, `${type}: ${parsed.ok ? '' : parsed.message}`).toBe(true);
    }
  });

  it('shows the type’s detail slots plus named and filled ones', () => {
    const s = { ...emptyState('VISIT'), fields: { detail5: 'x' } };
    expect(visibleDetails(s, { detail9: 'Currency' }, ['detail12'])).toEqual([
      'detail5',
      'detail9',
      'detail12',
    ]);
  });

  it('reads a comma as the decimal separator in the value, as a marketer types money', () => {
    const input = toEventInput({
      ...emptyState('PURCHASE'),
      email: 'a@example.com',
      fields: { value: '249,99' },
    });
    const parsed = parseEvent(input);
    expect(parsed.ok && parsed.data.value).toBe(249.99);
    expect(moneyInput('1.249,99')).toBe('1249.99');
    expect(moneyInput('1 249,5')).toBe('1249.5');
    expect(moneyInput('-3,1')).toBe('-3.1');
    // Not money with a decimal comma: left for the schema to judge and explain.
    expect(moneyInput('1,2,3')).toBe('1,2,3');
    expect(moneyInput('abc')).toBe('abc');
    const bad = parseEvent(
      toEventInput({ ...emptyState('PURCHASE'), email: 'a@example.com', fields: { value: '1.2.3,4' } }),
    );
    expect(bad.ok).toBe(false);
  });
});
