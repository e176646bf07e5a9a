// The fields of an external event body and their limits (docs/salesmanago.md §3.3). Split from event-types.ts
// so the validation schema can read the limits without the per-type catalogue; event-types re-exports all of it.

// prettier-ignore
export const DETAIL_FIELDS = [
  'detail1', 'detail2', 'detail3', 'detail4', 'detail5', 'detail6', 'detail7', 'detail8', 'detail9', 'detail10',
  'detail11', 'detail12', 'detail13', 'detail14', 'detail15', 'detail16', 'detail17', 'detail18', 'detail19',
  'detail20',
] as const;

export type DetailField = (typeof DETAIL_FIELDS)[number];

/** The fields a `contactEvent` carries only when the event has them, in the order it lists them. */
export const OPTIONAL_EVENT_FIELDS = [
  'description',
  'products',
  'location',
  'value',
  ...DETAIL_FIELDS,
  'externalId',
  'shopDomain',
] as const;

/** Every field of an event body, with SALESmanago's own names (plus `type` for contactExtEventType). */
export const EVENT_FIELD_NAMES = [
  'type',
  'email',
  'contactId',
  'date',
  ...OPTIONAL_EVENT_FIELDS,
  'forceOptIn',
  'eventId',
] as const;

export type EventFieldName = (typeof EVENT_FIELD_NAMES)[number];

/** Example values a type can pre-fill in the composer. Kept free of zod so this file stays plain data. */
export type EventTemplate = {
  description: string;
  products: string;
  location: string;
  value: number;
  externalId: string;
  shopDomain: string;
} & Record<DetailField, string>;

/** Human names for the fields, used in validation messages and form labels. */
export const EVENT_FIELD_LABELS: Record<EventFieldName, string> = {
  type: 'Event type',
  email: 'Email',
  contactId: 'Contact ID',
  date: 'Date',
  description: 'Description',
  products: 'Products',
  location: 'Location',
  value: 'Value',
  ...(Object.fromEntries(DETAIL_FIELDS.map((f) => [f, `Detail ${f.slice('detail'.length)}`])) as Record<
    DetailField,
    string
  >),
  externalId: 'Order number',
  shopDomain: 'Shop domain',
  forceOptIn: 'Force opt-in',
  eventId: 'Event ID',
};

export const EVENT_FIELD_LIMITS = {
  // C# SDK ContactEvent.cs and VFiber ExtEvent.php both say 2048.
  description: 2048,
  // 512 per the C# doc comment; VFiber's older code caps at 255 (open question 10). We take the documented 512
  // and let SALESmanago's own answer (decoded as a rejection) correct us if an account still enforces 255.
  products: 512,
  // C# doc comment: at most 36 characters; the WP plugin's "sm_" + md5(url) is 35.
  location: 36,
  externalId: 255,
  // VFiber ExtEvent.php: 20 details of at most 255 characters each.
  detail: 255,
  // No limit found in any source; 255 is the common varchar size of the neighbouring fields and a domain name
  // cannot exceed 253 characters anyway, so this never refuses a real domain.
  shopDomain: 255,
  // Not a SALESmanago limit: RFC 5321 caps a deliverable address at 254 characters.
  email: 254,
  // C# doc comment: "max 19 digits + 2 decimals".
  value: { integerDigits: 19, decimals: 2 },
} as const;

/**
 * Allowed characters of `location` (no spaces). Source: the C# SDK's ContactEvent.cs doc comment, which copies
 * SALESmanago's field description: "a-z 0-9 / _ - ." ; we accept upper case too because the WP plugin and the
 * docs example ("Shop_ID") use it.
 */
export const LOCATION_PATTERN = /^[a-z0-9/_.-]+$/i;
