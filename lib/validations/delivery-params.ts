// The history's filters written back to a URL, without zod: the history screen, its links and the query
// keys of every screen that lists deliveries need this much on first load, and the schema that parses
// the filters (./delivery.ts) would bring all of zod into their bundles.
import type { DeliveryFilters } from './delivery';

/** Shorter search terms are refused (the search index is of trigrams). */
export const SEARCH_MIN_LENGTH = 3;

/** The filters as URL search params, for links and query keys: only set values, in a stable order. */
export function filtersToSearchParams(f: Partial<DeliveryFilters>): URLSearchParams {
  const p = new URLSearchParams();
  if (f.integrationId) p.set('integrationId', String(f.integrationId));
  for (const k of ['type', 'status', 'source', 'reason'] as const) {
    const v = f[k];
    if (v && v.length) p.set(k, [...v].sort().join(','));
  }
  if (f.from !== undefined) p.set('from', String(f.from));
  if (f.to !== undefined) p.set('to', String(f.to));
  if (f.q) p.set('q', f.q);
  if (f.cursor) p.set('cursor', String(f.cursor));
  if (f.limit && f.limit !== 50) p.set('limit', String(f.limit));
  return p;
}
