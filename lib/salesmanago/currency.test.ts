import { describe, expect, it } from 'vitest';

import { currencyOf } from './currency';

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
