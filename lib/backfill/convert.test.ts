import { describe, expect, it } from 'vitest';

import type { BackfillMapping } from '@/lib/validations/backfill';
import { createConverter, describeRowErrors } from './convert';

const columns = ['Order number', 'E-mail', 'Total', 'Date', 'SKU', 'Kind'];
const mapping: BackfillMapping = {
  externalId: { column: 'Order number' },
  email: { column: 'E-mail' },
  value: { column: 'Total' },
  date: { column: 'Date' },
  products: { column: 'SKU' },
  type: { constant: 'PURCHASE' },
  shopDomain: { constant: 'shop.example.com' },
};
const options = { timeZone: 'Europe/Warsaw', dayMonthOrder: 'unset', decimal: 'comma' } as const;

describe('createConverter', () => {
  it('turns a valid row into the event parseEvent gives, with fixed values and the date in the chosen zone', () => {
    const { convert } = createConverter(columns, mapping, options);
    expect(convert(['A-1001', ' anna@example.com ', '1.299,90', '2025-03-14 09:30', 'p1; p2', ''])).toEqual({
      ok: true,
      event: {
        type: 'PURCHASE',
        email: 'anna@example.com',
        externalId: 'A-1001',
        value: 1299.9,
        date: Date.parse('2025-03-14T08:30:00Z'),
        products: 'p1,p2',
        shopDomain: 'shop.example.com',
      },
    });
  });

  it('takes the type from a column and upper-cases it like every other way in', () => {
    const { convert } = createConverter(columns, { ...mapping, type: { column: 'Kind' } }, options);
    const r = convert(['A-1', 'a@example.com', '5', '2025-03-14', '', 'cart']);
    expect(r.ok && r.event.type).toBe('CART');
  });

  it('collects every problem of a row per field, in plain words', () => {
    const { convert } = createConverter(columns, { ...mapping, type: { column: 'Kind' } }, options);
    const r = convert(['A-2', 'not-an-email', '12.5', '03/04/2025', '', 'ORDER']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['date', 'email', 'type', 'value']);
    expect(r.errors.email![0]).toContain('not a valid email address');
    expect(r.errors.value![0]).toContain('choose the dot');
    expect(r.errors.date![0]).toContain('choose whether the day or the month comes first');
    expect(r.errors.type![0]).toContain('unknown event type');
    expect(describeRowErrors(r.errors)).toContain('not a valid email address');
  });

  it('requires a date on every row: a backfill keeps when things happened', () => {
    const r = createConverter(columns, mapping, options).convert(['A-3', 'a@example.com', '5', ' ', '', '']);
    expect(!r.ok && r.errors.date).toEqual(['Date is empty: a backfilled event needs the date it happened.']);
  });

  it('refuses dates parseEvent refuses (before 2000)', () => {
    const r = createConverter(columns, mapping, options).convert([
      'A-4',
      'a@example.com',
      '5',
      '1999-12-31 10:00',
      '',
      '',
    ]);
    expect(!r.ok && r.errors.date?.[0]).toMatch(/2000 or later/);
  });

  it('says when a row is too short for the mapped columns, or a mapped column does not exist', () => {
    const { convert } = createConverter(columns, mapping, options);
    const short = convert(['A-5', 'a@example.com']);
    expect(!short.ok && short.errors.row?.[0]).toMatch(/has 2 cells/);
    const missing = createConverter(
      columns,
      { ...mapping, description: { column: 'Note' } },
      options,
    ).convert(['A-6', 'a@example.com', '5', '2025-03-14', '', '']);
    expect(!missing.ok && missing.errors.description).toEqual(['The file has no column "Note".']);
  });
});
