import { describe, expect, it } from 'vitest';

import { headerKey, suggestFormat, suggestMapping } from './mapping';

describe('suggestMapping', () => {
  it('recognises the usual names of a shop’s order export', () => {
    expect(suggestMapping(['E-mail', 'Order number', 'Total', 'created_at', 'SKU', 'type'])).toEqual({
      email: { column: 'E-mail' },
      externalId: { column: 'Order number' },
      value: { column: 'Total' },
      date: { column: 'created_at' },
      products: { column: 'SKU' },
      type: { column: 'type' },
    });
  });

  it('recognises other spellings, and longer names that contain a known word', () => {
    expect(suggestMapping(['order_id', 'customer_email', 'amount', 'Date', 'products'])).toMatchObject({
      externalId: { column: 'order_id' },
      email: { column: 'customer_email' },
      value: { column: 'amount' },
      date: { column: 'Date' },
      products: { column: 'products' },
    });
    expect(suggestMapping(['Billing E-Mail Address', 'Order Total (PLN)', 'Order Date'])).toMatchObject({
      email: { column: 'Billing E-Mail Address' },
      value: { column: 'Order Total (PLN)' },
      date: { column: 'Order Date' },
    });
  });

  it('suggests PURCHASE for the whole file when no column holds the type', () => {
    expect(suggestMapping(['email', 'date']).type).toEqual({ constant: 'PURCHASE' });
  });

  it('maps a column to one field at most, and prefers the order number over a plain id', () => {
    const m = suggestMapping(['id', 'order_number', 'email', 'email']);
    expect(m.externalId).toEqual({ column: 'order_number' });
    expect(m.email).toEqual({ column: 'email' });
    const columns = Object.values(m).flatMap((s) => ('column' in s ? [s.column] : []));
    expect(new Set(columns).size).toBe(columns.length);
  });

  it('leaves unknown columns alone', () => {
    expect(suggestMapping(['foo', 'bar'])).toEqual({ type: { constant: 'PURCHASE' } });
  });

  it('normalises header names for matching', () => {
    expect(headerKey(' Adres e-mail ')).toBe('adresemail');
    expect(headerKey('Wartość')).toBe('wartosc');
  });
});

describe('suggestFormat', () => {
  const columns = ['date', 'total'];
  const mapping = { date: { column: 'date' }, value: { column: 'total' } };
  it('reads the day/month order and a comma decimal from sample rows', () => {
    expect(
      suggestFormat(mapping, columns, [
        ['25/03/2025', '129,90'],
        ['01/04/2025', '5'],
        ['02/04/2025', '1,5'],
        // One stray dot value does not outvote the rest.
        ['03/04/2025', '12.5'],
      ]),
    ).toEqual({
      dayMonthOrder: 'day-first',
      decimal: 'comma',
    });
  });
  it('keeps the defaults when the sample does not say', () => {
    expect(suggestFormat(mapping, columns, [['2025-03-01', '129.90']])).toEqual({
      dayMonthOrder: 'unset',
      decimal: 'dot',
    });
  });
});
