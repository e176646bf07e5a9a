import { z } from 'zod';

import { DETAIL_FIELDS } from '@/lib/salesmanago/event-fields';
import { displayName } from './common';
import { parseEvent, type EventData } from './event';

// Templates hold an event's fields for reuse; contact and date are filled in each time.
const PLACEHOLDER_CONTACT = 'template@example.invalid';

export const templateSchema = z.strictObject({
  name: displayName({
    label: 'A template name',
    max: 60,
    required: 'Name the template, e.g. "Order with two products".',
  }),
  // Any object, kept as sent: z.record would rebuild it and silently drop a "__proto__" key, and the
  // event schema (parseTemplateEvent) is what names keys that are not event fields.
  event: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    error: 'The template needs the event fields as an object.',
  }),
});

/** Validates a template's fields with the event rules, then keeps only reusable fields. */
export function parseTemplateEvent(
  fields: Record<string, unknown>,
):
  | { ok: true; event: Partial<EventData> }
  | { ok: false; fieldErrors: Record<string, string[]>; message: string } {
  const { email: _e, contactId: _c, date: _d, eventId: _i, ...rest } = fields;
  const parsed = parseEvent({ ...rest, email: PLACEHOLDER_CONTACT });
  if (!parsed.ok) return parsed;
  const { email: _pe, date: _pd, ...event } = parsed.data;
  return { ok: true, event };
}

export const detailLabelsSchema = z.strictObject(
  Object.fromEntries(
    DETAIL_FIELDS.map((f) => [
      f,
      z
        .string()
        .trim()
        .max(40, { error: 'A label can be at most 40 characters.' })
        .optional()
        .transform((v) => v || undefined),
    ]),
  ) as unknown as Record<(typeof DETAIL_FIELDS)[number], z.ZodType<string | undefined, string | undefined>>,
);
export type DetailLabels = Partial<Record<(typeof DETAIL_FIELDS)[number], string>>;
