// Links to views of the history, written in the browser (the screen's filters, other screens' links to a
// filtered history). No zod here: parsing the same URL is ./search-params.ts's job, on the server.
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { filtersToSearchParams } from '@/lib/validations/delivery-params';
import type { RangePreset } from './date-range';

/** The history URL for a view; with a preset, its name stands in for from/to. */
export function historyHref(filters: Partial<DeliveryFilters>, range: RangePreset | null): string {
  const params = filtersToSearchParams(range ? { ...filters, from: undefined, to: undefined } : filters);
  if (range) params.set('range', range);
  const query = params.toString();
  return query ? `/deliveries?${query}` : '/deliveries';
}

/** Whether anything narrows the list (the page size and cursor do not). */
export function hasFilters(f: Partial<DeliveryFilters>, range: RangePreset | null): boolean {
  return Boolean(
    range ||
    f.integrationId ||
    f.type?.length ||
    f.status?.length ||
    f.source?.length ||
    f.reason?.length ||
    f.from !== undefined ||
    f.to !== undefined ||
    f.q,
  );
}
