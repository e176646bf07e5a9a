import { z } from 'zod';

import { ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validations/common';
import {
  deliveryNoteSchema,
  filtersFromSearchParams,
  type DeliveryFilters,
} from '@/lib/validations/delivery';
import { parseOrThrow } from '@/lib/validations/parse';

const bodySchema = z.strictObject({
  filters: z.record(z.string(), z.union([z.string(), z.array(z.string())]), {
    error: 'filters must be an object of history filters.',
  }),
  expectedCount: z.number().int().min(0).optional(),
  // "Stop retrying" keeps a note with the deliveries it stops.
  reason: deliveryNoteSchema.shape.reason,
});

/** A bulk action's body: the same filters as the history's URL, as an object. */
export function filtersFromBody(body: unknown): {
  filters: Omit<DeliveryFilters, 'cursor' | 'limit'>;
  expectedCount?: number;
  reason?: string;
} {
  const data = parseOrThrow(bodySchema, body);
  return {
    filters: historyFilters(data.filters),
    expectedCount: data.expectedCount,
    reason: data.reason || undefined,
  };
}

/** The history's filters from a body's `filters` object (422 when one is wrong), without paging. */
export function historyFilters(
  record: Record<string, string | string[]>,
): Omit<DeliveryFilters, 'cursor' | 'limit'> {
  const parsed = filtersFromSearchParams(record);
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues[0]?.message ?? 'Invalid filters.',
      fieldErrorsOf(parsed.error),
    );
  const { cursor: _c, limit: _l, ...filters } = parsed.data;
  return filters;
}
