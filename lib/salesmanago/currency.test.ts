import { describe, expect, it } from 'vitest';

import { currencyOf, currencySlots } from './currency';

describe('currencyOf', () => {
  it("reads the detail slot a purchase names Currency by convention, or the integration's own name", () => {
    expect(currencyOf({ type: 'PURCHASE', value: 10, detail9: ' PLN ' })).toBe('PLN');
    expect(currencyOf({ type: 'PURCHASE', detail4: 'EUR' }, { detail4: 'Waluta' })).toBe('EUR');
  });

  it('is empty when no slot is a currency or it holds nothing', () => {
    expect(currencyOf({ type: 'PURCHASE', value: 10 })).toBe('');
    expect(currencyOf({ type: 'NOT_A_TYPE', detail9: 'PLN' })).toBe('');
  });
});

describe('currencySlots', () => {
  it("lists the slots named Currency, the integration's names first and winning over the convention", () => {
    expect(currencySlots('PURCHASE')).toEqual(['detail9']);
    expect(currencySlots('PURCHASE', { detail4: 'Waluta' })).toEqual(['detail4', 'detail9']);
    // The integration used detail9 for something else: it is no currency any more.
    expect(currencySlots('PURCHASE', { detail9: 'Coupon', detail2: 'Currency' })).toEqual(['detail2']);
    expect(currencySlots(undefined, { detail3: 'currency code' })).toEqual(['detail3']);
  });
});
