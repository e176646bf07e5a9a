import { describe, expect, it } from 'vitest';

import { normalizeBoolean, normalizeDecimal, normalizeProducts } from './values';

describe('normalizeDecimal', () => {
  it('reads comma decimals when the comma is chosen, with dots or spaces grouping thousands', () => {
    expect(normalizeDecimal('129,90', 'comma')).toEqual({ ok: true, value: '129.90' });
    expect(normalizeDecimal('1.234,56', 'comma')).toEqual({ ok: true, value: '1234.56' });
    expect(normalizeDecimal('1 234,5', 'comma')).toEqual({ ok: true, value: '1234.5' });
    expect(normalizeDecimal('1\u00a0234\u00a0567,00', 'comma')).toEqual({ ok: true, value: '1234567.00' });
    expect(normalizeDecimal('-12', 'comma')).toEqual({ ok: true, value: '-12' });
  });

  it('refuses a dot when the comma is chosen, unless it groups thousands', () => {
    const r = normalizeDecimal('12.50', 'comma');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('choose the dot');
  });

  it('reads dot decimals with commas grouping thousands, and points a comma decimal to the option', () => {
    expect(normalizeDecimal('1,234.56', 'dot')).toEqual({ ok: true, value: '1234.56' });
    expect(normalizeDecimal('99.9', 'dot')).toEqual({ ok: true, value: '99.9' });
    const r = normalizeDecimal('12,50', 'dot');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('choose the comma');
  });
});

describe('normalizeProducts', () => {
  it('joins product lists written with , ; or | into SALESmanago’s comma list', () => {
    expect(normalizeProducts('SKU-1; SKU-2 | SKU-3,')).toBe('SKU-1,SKU-2,SKU-3');
    expect(normalizeProducts('p01')).toBe('p01');
  });
});

describe('normalizeBoolean', () => {
  it('reads the yes/no words exports use and leaves anything else for the schema to refuse', () => {
    expect(['Yes', '1', 'TRUE', 'tak'].map(normalizeBoolean)).toEqual(['true', 'true', 'true', 'true']);
    expect(['no', '0', 'False', 'N'].map(normalizeBoolean)).toEqual(['false', 'false', 'false', 'false']);
    expect(normalizeBoolean('maybe')).toBe('maybe');
  });
});
