// The one schema for an external event body, shared by the composer form, the JSON API and the public collector.
// Field names are SALESmanago's own (docs/salesmanago.md §3.3) so a developer can paste a body from the docs.
// Every message is a sentence a marketer can act on; the request builder (lib/salesmanago/requests.ts) maps the
// parsed data onto SALESmanago's wire shape.
import { z } from 'zod';

import {
  DETAIL_FIELDS,
  EVENT_FIELD_LABELS,
  EVENT_FIELD_LIMITS,
  EVENT_FIELD_NAMES,
  LOCATION_PATTERN,
  type DetailField,
  type EventFieldName,
} from '@/lib/salesmanago/event-fields';
import { EVENT_TYPES } from '@/lib/salesmanago/event-types';
import { parseEventDate, parseEventValue } from '@/lib/salesmanago/event-values';
import { addFieldError, emptyFieldErrors } from './common';

// Forms send '' for an untouched input and JSON clients send null (the docs example has "detail3": null);
// both mean "not given", so they never reach SALESmanago as empty fields.
function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function quote(value: unknown, max = 40): string {
  const s = String(value);
  return `"${s.length > max ? `${s.slice(0, max)}…` : s}"`;
}

// NUL ends a string in much of what reads SALESmanago's data; direction overrides and isolates make
// text show in another order than it is stored (U+202E turns "gpj.exe" into "exe.jpg").
const HIDDEN_CONTROL = /[\u0000\u202A-\u202E\u2066-\u2069]/;

function maxLength(field: EventFieldName, max: number) {
  const label = EVENT_FIELD_LABELS[field];
  // Counted in UTF-16 units like String.length, which is also how SALESmanago's Java backend counts.
  return z
    .string()
    .max(max, {
      error: (iss) => `${label} can be at most ${max} characters (you have ${String(iss.input).length}).`,
    })
    .refine((s) => !HIDDEN_CONTROL.test(s), {
      error: `${label} cannot contain the NUL character or characters that reverse the text direction (U+202A–U+202E, U+2066–U+2069); remove them.`,
    });
}

/**
 * An optional text field. `trim` is for identifiers where stray spaces are never meant (pasted IDs); free
 * text keeps the marketer's exact characters. `numbers` accepts 10045 for "10045" because shop code often
 * passes numeric order IDs.
 */
function optionalText(field: EventFieldName, max: number, opts: { trim?: boolean; numbers?: boolean } = {}) {
  const label = EVENT_FIELD_LABELS[field];
  const base = opts.numbers
    ? z.union([z.string(), z.number()], { error: `${label} must be text.` })
    : z.string({ error: `${label} must be text.` });
  return base
    .nullish()
    .transform((v) => {
      if (isBlank(v)) return undefined;
      const s = String(v);
      return opts.trim ? s.trim() : s;
    })
    .pipe(maxLength(field, max).optional());
}

function optionalUuid(field: 'contactId' | 'eventId', hint: string) {
  const label = EVENT_FIELD_LABELS[field];
  return z
    .string({ error: `${label} must be text.` })
    .nullish()
    .transform((v) => (isBlank(v) ? undefined : v!.trim()))
    .pipe(
      // z.guid, not z.uuid: z.uuid also insists on RFC version/variant bits, and nothing says SALESmanago's
      // IDs carry them; the 8-4-4-4-12 hex shape is what every source shows.
      z
        .guid({ error: `${label} must be a UUID like 3521dc0f-a934-4b6c-bb08-84f2e144047d (${hint}).` })
        .optional(),
    );
}

const typeSchema = z
  .string({
    error: (iss) => (iss.input == null ? 'Choose an event type.' : 'Event type must be text, e.g. PURCHASE.'),
  })
  // SALESmanago only accepts upper case ("types of external events have to be always capitalized"); the
  // official 2018 lib upper-cased before validating, so "purchase" is a typo we can fix, not an error.
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z.enum(EVENT_TYPES, {
      error: (iss) =>
        iss.input === ''
          ? 'Choose an event type.'
          : `${quote(iss.input)} is an unknown event type: SALESmanago accepts only ${EVENT_TYPES.join(', ')}.`,
    }),
  );

const emailSchema = z
  .string({ error: 'Email must be text.' })
  .nullish()
  .transform((v) => (isBlank(v) ? undefined : v!.trim()))
  .pipe(
    z
      .email({ error: (iss) => `${quote(iss.input)} is not a valid email address.` })
      .max(EVENT_FIELD_LIMITS.email, {
        error: `Email can be at most ${EVENT_FIELD_LIMITS.email} characters.`,
      })
      .optional(),
  );

const dateSchema = z
  .union([z.string(), z.number()], {
    error: 'Date must be an ISO 8601 date-time such as 2025-03-14T09:30:00+01:00, or epoch milliseconds.',
  })
  .nullish()
  .transform((v, ctx) => {
    if (isBlank(v)) return undefined;
    const parsed = parseEventDate(v!, Date.now());
    if (parsed.ok) return parsed.ms;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  })
  .pipe(z.number().int().optional());

const valueSchema = z
  .union([z.number(), z.string()], { error: 'Value must be a number.' })
  .nullish()
  .transform((v, ctx) => {
    if (isBlank(v)) return undefined;
    const parsed = parseEventValue(v!);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  })
  .pipe(z.number().optional());

const productsSchema = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))], {
    error: 'Products must be text (product IDs separated by commas) or a list of product IDs.',
  })
  .nullish()
  // The official lib joins an array with ',' (Event::setProducts). Items are trimmed and empty ones dropped
  // because form rows and shop code leave blanks; a plain string is sent exactly as typed ("p01, p02").
  .transform((v) =>
    Array.isArray(v)
      ? v
          .map((p) => String(p).trim())
          .filter(Boolean)
          .join(',')
      : v,
  )
  .transform((v) => (isBlank(v) ? undefined : v!))
  .pipe(maxLength('products', EVENT_FIELD_LIMITS.products).optional());

const locationSchema = optionalText('location', EVENT_FIELD_LIMITS.location, { trim: true }).pipe(
  z
    .string()
    .regex(LOCATION_PATTERN, {
      error:
        'Location can contain only letters, digits and / _ - . with no spaces (it is the shop ID of your product feed).',
    })
    .optional(),
);

const forceOptInSchema = z
  .union([z.boolean(), z.string()], { error: 'Force opt-in must be true or false.' })
  .nullish()
  .transform((v, ctx) => {
    if (isBlank(v)) return undefined;
    if (typeof v === 'boolean') return v;
    // HTML forms and query strings can only say it as text.
    const s = v!.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    ctx.addIssue({ code: 'custom', message: 'Force opt-in must be true or false.' });
    return z.NEVER;
  })
  .pipe(z.boolean().optional());

const detailSchema = (field: DetailField) =>
  optionalText(field, EVENT_FIELD_LIMITS.detail, { numbers: true });

const detailShape = Object.fromEntries(DETAIL_FIELDS.map((f) => [f, detailSchema(f)])) as {
  [K in DetailField]: ReturnType<typeof detailSchema>;
};

export const eventInputSchema = z
  .strictObject(
    {
      type: typeSchema,
      email: emailSchema,
      contactId: optionalUuid('contactId', 'the value of the smclient cookie'),
      date: dateSchema,
      description: optionalText('description', EVENT_FIELD_LIMITS.description),
      products: productsSchema,
      location: locationSchema,
      value: valueSchema,
      ...detailShape,
      externalId: optionalText('externalId', EVENT_FIELD_LIMITS.externalId, { trim: true, numbers: true }),
      shopDomain: optionalText('shopDomain', EVENT_FIELD_LIMITS.shopDomain, { trim: true }),
      forceOptIn: forceOptInSchema,
      eventId: optionalUuid('eventId', 'the eventId SALESmanago returned when the event was added'),
    },
    {
      error: (iss) => {
        if (iss.code === 'unrecognized_keys') return iss.keys.map(unknownKeyMessage).join(' ');
        if (iss.code === 'invalid_type')
          return 'The event must be a JSON object with fields such as type and email.';
        return undefined;
      },
    },
  )
  .refine(
    // SALESmanago needs to know whose event it is. When both are given we keep both here so a form can show
    // them; the request builder drops email, as the official lib does (EventModel::doubleIdentifierRemove).
    (event) => !isBlank(event.email) || !isBlank(event.contactId),
    {
      path: ['email'],
      message: "Enter the contact's email or their contact ID: SALESmanago needs one of them.",
      // Run even when other fields failed, so the form shows every problem at once; only skip it when the
      // body was not an object at all.
      when: (payload) =>
        typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
    },
  );

export type EventData = z.output<typeof eventInputSchema>;

/** Field errors keyed by field name (an unknown key is listed under its own name), plus one summary sentence. */
export type ParseEventResult =
  { ok: true; data: EventData } | { ok: false; fieldErrors: Record<string, string[]>; message: string };

export function parseEvent(input: unknown): ParseEventResult {
  const result = eventInputSchema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };

  const fieldErrors = emptyFieldErrors();
  const all: string[] = [];
  const add = (key: string | undefined, message: string) => {
    all.push(message);
    if (key !== undefined) addFieldError(fieldErrors, key, message);
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(key, unknownKeyMessage(key));
      continue;
    }
    const head = issue.path[0];
    add(head === undefined ? undefined : String(head), issue.message);
  }
  const shown = all.slice(0, 3).join(' ');
  const message = all.length > 3 ? `${shown} (and ${all.length - 3} more problems)` : shown;
  return { ok: false, fieldErrors, message };
}

function unknownKeyMessage(key: string): string {
  const guess = closestFieldName(key);
  const hint = guess ? ` Did you mean "${guess}"?` : '';
  return `${quote(key)} is not a field of an external event.${hint}`;
}

/** Suggests the intended field for a typo (detial1 → detail1, Type → type) by edit distance. */
function closestFieldName(key: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of EVENT_FIELD_NAMES) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= 2 ? best.name : undefined;
}

// Optimal string alignment distance: a swapped pair of letters (detial) counts as one edit.
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i]![j] = v;
    }
  }
  return at(a.length, b.length);
}
