// The history screen's URL: the API's filters (parsed by the one shared parser) plus `range`, a rolling
// date preset that only the screen knows. Every view of the history is a URL, so it can be bookmarked.
// Parsing runs on the server (page.tsx); the browser writes URLs with ./history-href.ts, which has no zod.
import { fieldErrorsOf } from '@/lib/validations/common';
import { filtersFromSearchParams, type DeliveryFilters } from '@/lib/validations/delivery';
import { isRangePreset, presetRange, type RangePreset } from './date-range';

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export interface HistoryView {
  /** The filters as the API takes them, with a preset already turned into `from`. */
  filters: DeliveryFilters;
  range: RangePreset | null;
}

export type ParsedHistoryView =
  { ok: true; view: HistoryView } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

export function parseHistorySearchParams(params: SearchParamsRecord, now = Date.now()): ParsedHistoryView {
  const rawRange = Array.isArray(params.range) ? params.range[0] : params.range;
  if (rawRange !== undefined && rawRange !== '' && !isRangePreset(rawRange)) {
    const message = `Unknown date range "${rawRange}": use 1h, 24h, 7d or 30d.`;
    return { ok: false, message, fieldErrors: { range: [message] } };
  }
  const range = isRangePreset(rawRange) ? rawRange : null;
  // A preset wins over from/to, so a hand-edited URL cannot hold two contradicting ranges.
  const withRange = range ? { ...params, from: String(presetRange(range, now).from), to: undefined } : params;
  const parsed = filtersFromSearchParams(withRange);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'These filters are not valid.';
    return { ok: false, message, fieldErrors: fieldErrorsOf(parsed.error) };
  }
  return { ok: true, view: { filters: parsed.data, range } };
}
