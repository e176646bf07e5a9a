import { describe, expect, it } from 'vitest';

import { parseEvent } from '@/lib/validations/event';

import {
  COMMON_EVENT_TYPES,
  DETAIL_FIELDS,
  EVENT_FIELD_LABELS,
  EVENT_FIELD_LIMITS,
  EVENT_FIELD_NAMES,
  EVENT_TYPE_INFO,
  EVENT_TYPES,
  isEventType,
  LOCATION_PATTERN,
  ORDERED_EVENT_TYPES,
} from './event-types';

// docs/salesmanago.md §3.5, copied from the official api-sso-util 3.8.
const DOCUMENTED =
  `PURCHASE, CART, VISIT, PHONE_CALL, OTHER, RESERVATION, CANCELLED, ACTIVATION, MEETING, OFFER, DOWNLOAD, LOGIN,
TRANSACTION, CANCELLATION, RETURN, SURVEY, APP_STATUS, APP_TYPE_WEB, APP_TYPE_MANUAL, APP_TYPE_RETENTION,
APP_TYPE_UPSALE, LOAN_STATUS, LOAN_ORDER, FIRST_LOAN, REPEATED_LOAN`
    .split(',')
    .map((s) => s.trim());

describe('event types', () => {
  it('are exactly the 25 documented values', () => {
    expect([...EVENT_TYPES]).toEqual(DOCUMENTED);
    expect(new Set(EVENT_TYPES).size).toBe(25);
  });

  it('orders the six common types first, then every other type once', () => {
    expect([...COMMON_EVENT_TYPES]).toEqual(['PURCHASE', 'CART', 'VISIT', 'OFFER', 'LOGIN', 'OTHER']);
    expect(ORDERED_EVENT_TYPES.slice(0, 6)).toEqual([...COMMON_EVENT_TYPES]);
    expect([...ORDERED_EVENT_TYPES].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('recognises only upper-case known types', () => {
    expect(isEventType('CART')).toBe(true);
    expect(isEventType('cart')).toBe(false);
    expect(isEventType(undefined)).toBe(false);
  });
});

describe('EVENT_TYPE_INFO', () => {
  it.each(EVENT_TYPES)('%s has a label, a one-line description and known, unique fields', (type) => {
    const info = EVENT_TYPE_INFO[type];
    expect(info.label.length).toBeGreaterThan(0);
    expect(info.description).toMatch(/^[^\n]{10,140}$/);
    expect(info.fields.length).toBeGreaterThan(0);
    expect(new Set(info.fields).size).toBe(info.fields.length);
    for (const f of info.fields) expect(EVENT_FIELD_NAMES).toContain(f);
  });

  it.each(EVENT_TYPES)('%s template is valid and only fills the type’s own fields', (type) => {
    const { template, fields, detailLabels } = EVENT_TYPE_INFO[type];
    const result = parseEvent({ type, email: 'jan@example.com', ...template });
    expect(result.ok ? 'valid' : result.message).toBe('valid');
    for (const key of Object.keys(template)) expect(fields).toContain(key);
    for (const key of Object.keys(detailLabels)) expect(fields).toContain(key);
  });

  it('gives PURCHASE an order: value, products, order number and the WooCommerce detail slots', () => {
    const { template, detailLabels } = EVENT_TYPE_INFO.PURCHASE;
    expect(template.value).toBeGreaterThan(0);
    expect(template.products).toContain(',');
    expect(template.externalId).toBeTruthy();
    expect(detailLabels).toMatchObject({
      detail1: expect.stringMatching(/product names/i),
      detail2: 'Order key',
      detail9: 'Currency',
    });
    expect(template.detail3).toMatch(/^\d+(\/\d+)*$/);
  });

  it('gives CART products, a value and a cart-recovery URL as description', () => {
    const { template, detailLabels } = EVENT_TYPE_INFO.CART;
    expect(template.products).toBeTruthy();
    expect(template.value).toBeGreaterThan(0);
    expect(template.description).toMatch(/^https:\/\//);
    expect(detailLabels.detail2).toBeUndefined();
  });

  it('gives VISIT a location', () => {
    expect(EVENT_TYPE_INFO.VISIT.template.location).toMatch(LOCATION_PATTERN);
    expect(EVENT_TYPE_INFO.VISIT.fields[0]).toBe('location');
  });
});

describe('field rules', () => {
  it('has the documented limits', () => {
    expect(EVENT_FIELD_LIMITS).toMatchObject({
      description: 2048,
      products: 512,
      location: 36,
      externalId: 255,
      detail: 255,
      shopDomain: 255,
      value: { integerDigits: 19, decimals: 2 },
    });
  });

  it('has detail1..detail20 with labels', () => {
    expect(DETAIL_FIELDS).toHaveLength(20);
    expect(DETAIL_FIELDS[0]).toBe('detail1');
    expect(DETAIL_FIELDS[19]).toBe('detail20');
    expect(EVENT_FIELD_LABELS.detail12).toBe('Detail 12');
  });

  it('allows only feed-ID characters in location', () => {
    for (const ok of ['sm_0cc175b9c0f1b6a831c399e269772661', 'Shop_ID', 'eu/main-1.2'])
      expect(ok).toMatch(LOCATION_PATTERN);
    for (const bad of ['Krupnicza 3', 'shop#1', 'ą', '']) expect(bad).not.toMatch(LOCATION_PATTERN);
  });
});
