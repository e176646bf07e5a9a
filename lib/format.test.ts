import { describe, expect, it } from 'vitest';

import { plural } from './format';

describe('plural', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2, 'delivery', 'deliveries')).toBe('2 deliveries');
    expect(plural(1, 'delivery', 'deliveries')).toBe('1 delivery');
    expect(plural(60000, 'row')).toBe('60,000 rows');
  });
});
