// The one schema for a CSV backfill's column mapping and file options, shared by the mapping screen and the
// backfill API. The rows themselves are checked by parseEvent (lib/validations/event.ts), one by one.
import { z } from 'zod';

import { numberFromDecimal } from '@/lib/ids';
import { EVENT_FIELD_LABELS, EVENT_FIELD_NAMES, type EventFieldName } from '@/lib/salesmanago/event-fields';
import { displayName } from './common';
import type { EventData } from './event';

/** Event fields a CSV column can feed. Not `eventId`: a backfill only adds events, it never updates one. */
export const BACKFILL_FIELDS = EVENT_FIELD_NAMES.filter(
  (f): f is Exclude<EventFieldName, 'eventId'> => f !== 'eventId',
);
export type BackfillField = (typeof BACKFILL_FIELDS)[number];

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export const DELIMITER_LABELS: Record<Delimiter, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
};

/** How to read 03/04/2025: refused until the person says which comes first, because both readings are real. */
export const DAY_MONTH_ORDERS = ['unset', 'day-first', 'month-first'] as const;
export type DayMonthOrder = (typeof DAY_MONTH_ORDERS)[number];

export const DECIMAL_SEPARATORS = ['dot', 'comma'] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const columnSource = z.strictObject({
  column: z
    .string({ error: 'Choose a column.' })
    .min(1, { error: 'Choose a column.' })
    .max(500, { error: 'A column name can be at most 500 characters.' }),
});
const constantSource = z.strictObject({
  constant: z.string({ error: 'A fixed value must be text.' }).max(2048, {
    error: 'A fixed value can be at most 2048 characters.',
  }),
});
export const mappingSourceSchema = z.union([columnSource, constantSource], {
  error: 'Map a field to {"column": "<name>"} or {"constant": "<value>"}.',
});
export type MappingSource = z.infer<typeof mappingSourceSchema>;

const mappingShape = z.partialRecord(
  z.enum(BACKFILL_FIELDS, { error: (iss) => `"${String(iss.input)}" is not an event field.` }),
  mappingSourceSchema,
);

/** A mapping an import can start with: the fields every event needs have a source. */
export const backfillMappingSchema = mappingShape.superRefine((m, ctx) => {
  // Without these every row would fail, so say it once here instead of once per row.
  if (!m.type)
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: 'Choose the event type: one for the whole file, or a column.',
    });
  if (!m.email && !m.contactId)
    ctx.addIssue({
      code: 'custom',
      path: ['email'],
      message: "Choose the column with the contact's email (or contact ID).",
    });
  if (!m.date)
    ctx.addIssue({
      code: 'custom',
      path: ['date'],
      message: 'Choose the column with the date of each event: a backfill keeps the date it happened.',
    });
});
/** `{ [eventField]: { column } | { constant } }`: where each event field comes from. */
export type BackfillMapping = z.infer<typeof backfillMappingSchema>;

export const backfillOptionsSchema = z.strictObject({
  delimiter: z.enum(DELIMITERS, { error: 'The separator must be a comma, a semicolon or a tab.' }),
  header: z.boolean({ error: 'Say whether the first row holds column names (true or false).' }),
  dayMonthOrder: z
    .enum(DAY_MONTH_ORDERS, { error: 'Day/month order must be unset, day-first or month-first.' })
    .default('unset'),
  timeZone: z.string({ error: 'Choose a time zone.' }).refine(isTimeZone, {
    error: (iss) => `"${String(iss.input)}" is not a time zone; use a name like Europe/Warsaw or UTC.`,
  }),
  decimal: z
    .enum(DECIMAL_SEPARATORS, { error: 'The decimal separator must be dot or comma.' })
    .default('dot'),
  /** Send rows whose order (externalId) this integration already received. Off by default. */
  importDuplicates: z.boolean({ error: 'importDuplicates must be true or false.' }).default(false),
});
export type BackfillOptions = z.output<typeof backfillOptionsSchema>;
export type BackfillOptionsInput = z.input<typeof backfillOptionsSchema>;

export const backfillPlanSchema = z.strictObject({
  mapping: backfillMappingSchema,
  options: backfillOptionsSchema,
});
export type BackfillPlan = z.output<typeof backfillPlanSchema>;

/** The preview takes an unfinished mapping too: its rows then say what is missing. */
export const backfillPreviewSchema = z.strictObject({
  mapping: mappingShape,
  options: backfillOptionsSchema,
});

/** The upload's query string: which integration the rows are for, and the file's name for the list. */
export const backfillUploadSchema = z.object({
  integrationId: z.preprocess(
    (v) => (typeof v === 'string' ? numberFromDecimal(v) : v),
    z
      .number({ error: 'Choose an integration.' })
      .int({ error: 'Choose an integration.' })
      .positive({ error: 'Choose an integration.' }),
  ),
  filename: displayName({ label: 'The file name', max: 200 })
    .optional()
    .transform((v) => v || 'upload.csv'),
});

export function fieldLabel(field: BackfillField): string {
  return EVENT_FIELD_LABELS[field];
}

/** The sentence for a row skipped by the duplicate guard. */
export function duplicateMessage(event: EventData, of: { deliveryId?: number; line?: number }): string {
  const where = of.deliveryId
    ? `was already sent to this integration (delivery #${of.deliveryId})`
    : `is already on line ${of.line} of this file`;
  return `${event.type} ${event.externalId} ${where}; skipped. Tick "Import duplicates anyway" to send it again.`;
}
