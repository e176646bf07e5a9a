// The parts a chart can split into, in the console's words and the house colours, and the history view each
// part opens. The labels are keyed maps, not value lists from lib/validations or db/, so this client code
// needs neither zod nor the schema.
import { SOURCE_INFO } from '@/components/deliveries/labels';
import type { DeliverySource, DeliveryStatus } from '@/db/enums';
import type { OverviewOutcome, RefusalCause, TimelineBucket } from '@/lib/validations/overview';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { filtersToSearchParams } from '@/lib/validations/delivery-params';
import { OTHER_COLOR, SERIES_COLORS, type ChartSeries } from './chart-types';
import type { StackBy } from '../overview-href';

export const OUTCOMES: Record<OverviewOutcome, { label: string; color: string; statuses: DeliveryStatus[] }> =
  {
    delivered: { label: 'Delivered', color: '#16a34a', statuses: ['succeeded'] },
    failed: { label: 'Failed', color: '#dc2626', statuses: ['failed'] },
    waiting: { label: 'Waiting', color: '#d97706', statuses: ['queued', 'sending', 'retrying'] },
    cancelled: { label: 'Cancelled', color: '#64748b', statuses: ['cancelled'] },
  };

export const REFUSALS: Record<RefusalCause, { label: string; color: string }> = {
  origin: { label: 'Website not allowed', color: '#dc2626' },
  type: { label: 'Event type not allowed', color: '#9333ea' },
  'rate-limited': { label: 'Too many requests', color: '#d97706' },
  invalid: { label: 'Unreadable event', color: '#64748b' },
};

/** Types beyond this many, by count, share one "Other types" part, so a bar stays readable. */
const MAX_TYPES = 6;
export const OTHER = 'other';

export interface TimelineSplit {
  series: ChartSeries[];
  /** The count of each series key in a bucket. */
  count: (bucket: TimelineBucket, key: string) => number;
  /** The history filters that show what a series key counts. */
  filters: (bucket: TimelineBucket, key: string) => Partial<DeliveryFilters>;
}

export function timelineSplit(timeline: TimelineBucket[], stack: StackBy): TimelineSplit {
  if (stack === 'outcome') {
    return {
      series: Object.entries(OUTCOMES).map(([key, o]) => ({ key, label: o.label, color: o.color })),
      count: (b, key) => b.byOutcome[key as OverviewOutcome] ?? 0,
      filters: (_b, key) => ({ status: OUTCOMES[key as OverviewOutcome].statuses }),
    };
  }
  if (stack === 'source') {
    const used = (Object.keys(SOURCE_INFO) as DeliverySource[]).filter((s) =>
      timeline.some((b) => (b.bySource[s] ?? 0) > 0),
    );
    return {
      series: used.map((key, i) => ({
        key,
        label: SOURCE_INFO[key].label,
        color: SERIES_COLORS[i % SERIES_COLORS.length]!,
      })),
      count: (b, key) => b.bySource[key as DeliverySource] ?? 0,
      filters: (_b, key) => ({ source: [key as DeliverySource] }),
    };
  }
  const totals = new Map<string, number>();
  for (const b of timeline)
    for (const [t, n] of Object.entries(b.byType)) totals.set(t, (totals.get(t) ?? 0) + n);
  const ranked = [...totals.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = ranked.slice(0, MAX_TYPES).map(([t]) => t);
  const shown = new Set(top);
  const hasOther = ranked.length > MAX_TYPES;
  const others = (b: TimelineBucket) =>
    Object.keys(b.byType).filter((t) => !shown.has(t) && (b.byType[t] ?? 0) > 0);
  return {
    series: [
      ...top.map((key, i) => ({ key, label: key, color: SERIES_COLORS[i % SERIES_COLORS.length]! })),
      ...(hasOther ? [{ key: OTHER, label: 'Other types', color: OTHER_COLOR }] : []),
    ],
    count: (b, key) =>
      key === OTHER ? others(b).reduce((n, t) => n + (b.byType[t] ?? 0), 0) : (b.byType[key] ?? 0),
    filters: (b, key) => ({ type: key === OTHER ? others(b) : [key] }),
  };
}

/** The history (by send date, as the bars are) for one bucket, narrowed by `filters`. */
export function bucketHistoryHref(
  bucket: Pick<TimelineBucket, 'start' | 'end'>,
  integrationId: number | null,
  filters: Partial<DeliveryFilters> = {},
): string {
  const params = filtersToSearchParams({
    ...filters,
    integrationId: integrationId ?? undefined,
    from: bucket.start,
    // The history's `to` is inclusive; a bucket ends where the next begins.
    to: bucket.end - 1,
  });
  return `/deliveries?${params.toString()}`;
}
