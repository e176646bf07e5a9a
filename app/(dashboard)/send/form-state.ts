import { DETAIL_FIELDS, type DetailField } from '@/lib/salesmanago/event-fields';
import { EVENT_TYPE_INFO, type EventType } from '@/lib/salesmanago/event-types';
import type { EventData } from '@/lib/validations/event';

/** The composer's text inputs, by SALESmanago field name. */
export const TEXT_FIELDS = [
  'description',
  'products',
  'location',
  'value',
  'externalId',
  'shopDomain',
  ...DETAIL_FIELDS,
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface ComposerState {
  type: EventType;
  contactMode: 'email' | 'contactId';
  email: string;
  contactId: string;
  /** `YYYY-MM-DDTHH:mm[:ss]` in the marketer's time zone; empty means "now, when sent". */
  dateLocal: string;
  fields: Partial<Record<TextField, string>>;
  forceOptIn: boolean;
  /** Update an existing event (the CART flow) instead of adding one. */
  updateMode: boolean;
  eventId: string;
}

export function emptyState(type: EventType = 'PURCHASE'): ComposerState {
  return {
    type,
    contactMode: 'email',
    email: '',
    contactId: '',
    dateLocal: '',
    fields: {},
    forceOptIn: false,
    updateMode: false,
    eventId: '',
  };
}

/** A datetime-local value is wall-clock time in the browser's zone; Date parses it that way. */
export function localInputToMs(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

export function msToLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * A money value as a marketer types it → what the API reads. Many of them write "249,99" (and "1.249,99" or
 * "1 249,99" with thousands): the comma is read as the decimal separator here, in the form, while the JSON
 * API keeps SALESmanago's dot (automation should not guess). Anything else is left for the schema to judge.
 */
export function moneyInput(raw: string): string {
  const s = raw.trim();
  if (/^[+-]?\d+,\d+$/.test(s)) return s.replace(',', '.');
  if (/^[+-]?\d{1,3}([. \u00a0]\d{3})+,\d+$/.test(s)) return s.replace(/[. \u00a0]/g, '').replace(',', '.');
  return raw;
}

/**
 * The event body the API receives, with SALESmanago's field names. Blank inputs are left out; the value
 * stays a string (after `moneyInput`) so the shared schema gives its own message for "abc" or "1.234.5".
 */
export function toEventInput(s: ComposerState, now = Date.now()): Record<string, unknown> {
  const out: Record<string, unknown> = { type: s.type };
  if (s.contactMode === 'email' && s.email.trim()) out.email = s.email.trim();
  if (s.contactMode === 'contactId' && s.contactId.trim()) out.contactId = s.contactId.trim();
  if (s.dateLocal) out.date = localInputToMs(s.dateLocal) ?? s.dateLocal;
  else out.date = now;
  for (const f of TEXT_FIELDS) {
    const v = s.fields[f];
    if (v !== undefined && v.trim() !== '') out[f] = f === 'value' ? moneyInput(v) : v;
  }
  if (s.forceOptIn) out.forceOptIn = true;
  if (s.updateMode && s.eventId.trim()) out.eventId = s.eventId.trim();
  return out;
}

/** Fills the form from a stored event (edit and resend) or a template (no contact, no date). */
export function fromEvent(event: Partial<EventData>, base: ComposerState): ComposerState {
  const fields: ComposerState['fields'] = {};
  for (const f of TEXT_FIELDS) {
    const v = event[f];
    if (v !== undefined && v !== null) fields[f] = String(v);
  }
  const type = (event.type as EventType | undefined) ?? base.type;
  return {
    ...base,
    type,
    ...(event.contactId ? { contactMode: 'contactId' as const, contactId: event.contactId } : {}),
    ...(event.email && !event.contactId ? { contactMode: 'email' as const, email: event.email } : {}),
    ...(event.date ? { dateLocal: msToLocalInput(event.date) } : {}),
    fields,
    forceOptIn: event.forceOptIn ?? false,
    updateMode: !!event.eventId,
    eventId: event.eventId ?? '',
  };
}

/** The type's example values ("use example"), keeping the contact and date already entered. */
export function withExample(s: ComposerState, type: EventType): ComposerState {
  const template = EVENT_TYPE_INFO[type].template;
  const fields: ComposerState['fields'] = {};
  for (const [k, v] of Object.entries(template)) fields[k as TextField] = String(v);
  return { ...s, type, fields };
}

/** Detail slots to show: the type's own, any with a value, and any the integration has named. */
export function visibleDetails(
  s: ComposerState,
  labels: Partial<Record<DetailField, string>>,
  extra: DetailField[],
): DetailField[] {
  const typeFields = EVENT_TYPE_INFO[s.type].fields;
  return DETAIL_FIELDS.filter(
    (f) => typeFields.includes(f) || (s.fields[f] ?? '') !== '' || !!labels[f] || extra.includes(f),
  );
}
