import { describe, expect, it } from 'vitest';

import { hasFilters, historyHref } from './history-href';
import { parseHistorySearchParams } from './search-params';

const NOW = 1_750_000_000_000;

describe('parseHistorySearchParams', () => {
  it('reads the API filters from the URL', () => {
    const parsed = parseHistorySearchParams(
      { type: 'purchase,CART', status: ['failed', 'retrying'], q: ' anna ' },
      NOW,
    );
    expect(parsed).toEqual({
      ok: true,
      view: {
        range: null,
        filters: expect.objectContaining({
          type: ['PURCHASE', 'CART'],
          status: ['failed', 'retrying'],
          q: 'anna',
          limit: 50,
        }),
      },
    });
  });

  it('resolves a preset against the current time and lets it win over from/to', () => {
    const parsed = parseHistorySearchParams({ range: '1h', from: '5', to: '6' }, NOW);
    expect(parsed.ok && parsed.view).toMatchObject({ range: '1h', filters: { from: NOW - 3_600_000 } });
    expect(parsed.ok && parsed.view.filters.to).toBeUndefined();
  });

  it('explains invalid filters instead of throwing', () => {
    expect(parseHistorySearchParams({ type: 'NOPE' })).toMatchObject({
      ok: false,
      message: 'Unknown event type "NOPE".',
      fieldErrors: { 'type.0': ['Unknown event type "NOPE".'] },
    });
    expect(parseHistorySearchParams({ limit: '0' })).toMatchObject({
      ok: false,
      fieldErrors: { limit: expect.any(Array) },
    });
    expect(parseHistorySearchParams({ from: 'garbage' })).toMatchObject({ ok: false });
    expect(parseHistorySearchParams({ range: 'forever' })).toMatchObject({
      ok: false,
      fieldErrors: { range: expect.any(Array) },
    });
  });
});

describe('historyHref', () => {
  it('round-trips through the parser', () => {
    const href = historyHref(
      { type: ['CART', 'PURCHASE'], status: ['failed'], q: 'a&b', cursor: 40, limit: 5 },
      null,
    );
    expect(href).toBe('/deliveries?type=CART%2CPURCHASE&status=failed&q=a%26b&cursor=40&limit=5');
    const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(parseHistorySearchParams(params)).toMatchObject({
      ok: true,
      view: { filters: { type: ['CART', 'PURCHASE'], status: ['failed'], q: 'a&b', cursor: 40, limit: 5 } },
    });
  });

  it('keeps the preset name instead of its resolved times', () => {
    expect(historyHref({ from: NOW - 1, source: ['website'] }, '7d')).toBe(
      '/deliveries?source=website&range=7d',
    );
    expect(historyHref({}, null)).toBe('/deliveries');
  });
});

describe('hasFilters', () => {
  it('ignores paging, notices everything else', () => {
    expect(hasFilters({ cursor: 4, limit: 10, type: [] }, null)).toBe(false);
    expect(hasFilters({}, '24h')).toBe(true);
    expect(hasFilters({ q: 'x' }, null)).toBe(true);
    // "Needs attention" links here with a reason.
    expect(hasFilters({ reason: ['timeout'] }, null)).toBe(true);
    expect(hasFilters({ to: 0 }, null)).toBe(true);
  });
});
