// Builders for the event part of SALESmanago request bodies (docs/salesmanago.md §3.3). No crypto here, so
// the composer's live preview can build the exact body in the browser; requests.ts adds the signature.
import type { EventData } from '@/lib/validations/event';

import { OPTIONAL_EVENT_FIELDS } from './event-fields';

export const PATHS = {
  addEvent: '/api/v2/contact/addContactExtEvent',
  updateEvent: '/api/v2/contact/updateContactExtEvent',
  // Open question 2: the official lib 3.8 (current) uses this path and marks batchAddContactExtEvent as
  // deprecated. We follow the vendor's current code; LEGACY_PATHS keeps the old one for a fallback.
  batchAddEvents: '/api/v2/contact/addBatchContactExtEvent',
  deleteEvent: '/api/contact/deleteContactExtEvent',
  listUsers: '/api/user/listByClient',
  hasContact: '/api/contact/hasContact',
} as const;

// Checked here, where the fields are read off an EventData: a renamed field fails to compile.
const OPTIONAL_FIELDS = OPTIONAL_EVENT_FIELDS satisfies readonly (keyof EventData)[];

/** The `contactEvent` object: date in ms (now when the event has none), the type, then only fields present. */
export function contactEvent(event: EventData, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    date: event.date ?? Math.trunc(now),
    contactExtEventType: event.type,
  };
  for (const field of OPTIONAL_FIELDS) {
    const value = event[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/**
 * Whose event it is. With both identifiers the official lib drops the email
 * (EventModel::doubleIdentifierRemove): the contact ID is exact, the email could match another contact.
 */
export function identity(event: Pick<EventData, 'email' | 'contactId'>): Record<string, string> {
  if (event.contactId) return { contactId: event.contactId };
  if (event.email) return { email: event.email };
  return {};
}

/** The body of an add (or, with an eventId, an update) without the auth fields. */
export function eventRequestFields(
  event: EventData,
  operation: 'add' | 'update',
  now: number,
): Record<string, unknown> {
  return {
    ...identity(event),
    // Top level, not inside contactEvent (C# SDK, official EventModel).
    ...(event.forceOptIn !== undefined && { forceOptIn: event.forceOptIn }),
    contactEvent:
      operation === 'update'
        ? { eventId: event.eventId, ...contactEvent(event, now) }
        : contactEvent(event, now),
  };
}

export const MASK = '••••••••';

/**
 * What the console will send, for previews: the auth fields with the API key and sha masked. The real
 * request differs only in those two values and in requestTime.
 */
export function previewEventRequest(
  auth: { clientId: string; owner: string },
  event: EventData,
  operation: 'add' | 'update',
  now: number,
): { path: string; body: Record<string, unknown> } {
  return {
    path: operation === 'update' ? PATHS.updateEvent : PATHS.addEvent,
    body: {
      clientId: auth.clientId,
      apiKey: MASK,
      requestTime: Math.trunc(now),
      sha: MASK,
      owner: auth.owner,
      ...eventRequestFields(event, operation, now),
    },
  };
}
