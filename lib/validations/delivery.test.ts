import { describe, expect, it } from 'vitest';

import { filtersFromSearchParams } from './delivery';
import { filtersToSearchParams } from './delivery-params';

describe('delivery filters', () => {
  it('take the cancelled status, alone or with others, and write it back to the URL', () => {
    const parsed = filtersFromSearchParams(new URLSearchParams('status=cancelled,retrying'));
    expect(parsed.success && parsed.data.status).toEqual(['cancelled', 'retrying']);
    expect(parsed.success && filtersToSearchParams(parsed.data).get('status')).toBe('cancelled,retrying');
  });

  it('refuse a status that does not exist', () => {
    expect(filtersFromSearchParams(new URLSearchParams('status=stopped')).success).toBe(false);
  });
});
