import { z } from 'zod';

import { DELIVERY_SOURCES, DELIVERY_STATUSES } from '@/db/enums';
import { numberFromDecimal } from '@/lib/ids';
import { EVENT_TYPES } from '@/lib/salesmanago/event-types';
import { SEARCH_MIN_LENGTH } from './delivery-params';

/** Repeated (`type=A&type=B`) or comma-separated (`type=A,B`) query values, deduplicated. */
const list = <T extends string>(values: readonly [T, ...T[]], label: string, upper = false) =>
  z.preprocess(
    (v) => {
      const raw = Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
      const items = raw
        .flatMap((x) => String(x).split(','))
        .map((x) => (upper ? x.trim().toUpperCase() : x.trim()));
      return [...new Set(items.filter(Boolean))];
    },
    z.array(z.enum(values, { error: (iss) => `Unknown ${label} "${String(iss.input)}".` })),
  );

const time = (label: string) =>
  z.preprocess(
    (v) => {
      if (v === undefined || v === '') return undefined;
      if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
      if (typeof v === 'string') {
        const ms = Date.parse(v);
        return Number.isNaN(ms) ? v : ms;
      }
      return v;
    },
    z
      .number({ error: `${label} must be a date (ISO 8601) or epoch milliseconds.` })
      .int()
      .optional(),
  );

const positiveInt = (label: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : typeof v === 'string' ? numberFromDecimal(v) : v),
    z
      .number({ error: `${label} must be a number.` })
      .int({ error: `${label} must be a whole number.` })
      .positive()
      .optional(),
  );

export const deliveryFiltersSchema = z
  .object({
    integrationId: positiveInt('Integration'),
    type: list(EVENT_TYPES as unknown as [string, ...string[]], 'event type', true),
    status: list(DELIVERY_STATUSES, 'status'),
    source: list(DELIVERY_SOURCES, 'source'),
    reason: z.preprocess(
      (v) => {
        const raw = Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
        return [
          ...new Set(
            raw
              .flatMap((x) => String(x).split(','))
              .map((x) => x.trim())
              .filter(Boolean),
          ),
        ];
      },
      z.array(z.string().regex(/^[a-z-]{2,40}$/, { error: 'Unknown reason.' })).max(20),
    ),
    from: time('From'),
    to: time('To'),
    q: z
      .string()
      .trim()
      .max(200, { error: 'Search text can be at most 200 characters.' })
      .optional()
      .transform((v) => v || undefined)
      // The search index holds pieces of three characters: a shorter term would scan the history.
      .refine((v) => v === undefined || Array.from(v).length >= SEARCH_MIN_LENGTH, {
        error: `Type at least ${SEARCH_MIN_LENGTH} characters to search.`,
      }),
    cursor: positiveInt('Cursor'),
    limit: z.preprocess(
      (v) => (v === undefined || v === '' ? undefined : Number(v)),
      z
        .number()
        .int()
        .min(1, { error: 'Limit must be 1 to 200.' })
        .max(200, { error: 'Limit must be 1 to 200.' })
        .default(50),
    ),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    error: 'The start of the date range is after its end.',
    path: ['from'],
  });

export type DeliveryFilters = z.output<typeof deliveryFiltersSchema>;

/** Reads filters from URL search params: the same parsing for the API and the history page. */
export function filtersFromSearchParams(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
) {
  const get = (k: string) => {
    if (params instanceof URLSearchParams) {
      const all = params.getAll(k);
      return all.length > 1 ? all : all[0];
    }
    return params[k];
  };
  return deliveryFiltersSchema.safeParse(
    Object.fromEntries(
      ['integrationId', 'type', 'status', 'source', 'reason', 'from', 'to', 'q', 'cursor', 'limit'].map(
        (k) => [k, get(k)],
      ),
    ),
  );
}

/** "Stop retrying" and "Mark as delivered": an optional note, kept with the delivery and the audit entry. */
export const deliveryNoteSchema = z.strictObject({
  reason: z
    .string({ error: 'The reason must be text.' })
    .trim()
    .max(500, { error: 'Keep the reason under 500 characters.' })
    .optional(),
});
