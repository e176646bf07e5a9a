// Builders for SALESmanago API v2 request bodies (docs/salesmanago.md §3). Each returns the path to POST to
// under the endpoint and the body exactly as SALESmanago expects it; sending is client.ts's job.
import type { EventData } from '@/lib/validations/event';

import { authFields, type Credentials } from './auth';
import { contactEvent, eventRequestFields, identity, PATHS } from './event-body';

export { PATHS };

/** §3.1, verbatim from the docs and the official RequestService (the doubled Accept value included). */
export const REQUEST_HEADERS = {
  Accept: 'application/json, application/json',
  'Content-Type': 'application/json;charset=UTF-8',
} as const;

/** Older paths still answered by SALESmanago and used by most SDKs (§3.2). */
export const LEGACY_PATHS = {
  addEvent: '/api/contact/addContactExtEvent',
  updateEvent: '/api/contact/updateContactExtEvent',
  batchAddEvents: '/api/contact/batchAddContactExtEvent',
} as const;

/** "List cannot be empty and it's limited to 1000" (docs via the C# SDK). */
export const MAX_BATCH_EVENTS = 1000;

export interface SalesmanagoRequest {
  path: string;
  body: Record<string, unknown>;
}

export function buildAddEventRequest(
  creds: Credentials,
  event: EventData,
  now: number = Date.now(),
): SalesmanagoRequest {
  // An eventId in the input is deliberately not sent: an add always creates a new event.
  return {
    path: PATHS.addEvent,
    body: { ...authFields(creds, now), ...eventRequestFields(event, 'add', now) },
  };
}

/**
 * An update resends every field with the eventId from the add answer (§3.4: "full field resend, not upsert"),
 * so fields left out here are cleared in SALESmanago.
 */
export function buildUpdateEventRequest(
  creds: Credentials,
  event: EventData & { eventId: string },
  now: number = Date.now(),
): SalesmanagoRequest {
  if (!event.eventId)
    throw new TypeError('An update needs the eventId SALESmanago returned when the event was added.');
  return {
    path: PATHS.updateEvent,
    body: { ...authFields(creds, now), ...eventRequestFields(event, 'update', now) },
  };
}

/**
 * Many events in one call. `owner` stays at the top level only: a per-event owner is refused (§3.4).
 * forceOptIn and eventId are not sent per event because no source shows them in the batch shape.
 */
export function buildBatchAddRequest(
  creds: Credentials,
  events: EventData[],
  now: number = Date.now(),
): SalesmanagoRequest {
  if (events.length < 1 || events.length > MAX_BATCH_EVENTS) {
    throw new RangeError(`A batch must hold 1 to ${MAX_BATCH_EVENTS} events (got ${events.length}).`);
  }
  return {
    path: PATHS.batchAddEvents,
    body: {
      ...authFields(creds, now),
      events: events.map((event) => ({ ...identity(event), contactEvent: contactEvent(event, now) })),
    },
  };
}

/** §3.4: auth + owner + eventId; answers `result: "deleted"`. Only the legacy path is known. */
export function buildDeleteEventRequest(
  creds: Credentials,
  eventId: string,
  now: number = Date.now(),
): SalesmanagoRequest {
  return { path: PATHS.deleteEvent, body: { ...authFields(creds, now), eventId } };
}

/** §5: read-only; proves the signature and lists the users who may be the owner. */
export function buildListUsersRequest(creds: Credentials, now: number = Date.now()): SalesmanagoRequest {
  return { path: PATHS.listUsers, body: { ...authFields(creds, now) } };
}

/** §5: whether a contact exists, and its contactId. */
export function buildHasContactRequest(
  creds: Credentials,
  email: string,
  now: number = Date.now(),
): SalesmanagoRequest {
  return { path: PATHS.hasContact, body: { ...authFields(creds, now), email } };
}

export const REDACTED = '•••• (redacted)';

const MASKED_KEYS = new Set(['apikey', 'sha']);
const DROPPED_KEYS = new Set(['apisecret']);

/**
 * A deep copy safe to store in the history or show in a preview: apiKey and sha masked at any depth and any
 * apiSecret removed. Keys are compared case-insensitively so a hand-written body cannot slip one through.
 */
export function redactRequestBody<T>(body: T): T {
  return redact(body) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines keys, so a "__proto__" key stays a key (assigning it would set the prototype).
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !DROPPED_KEYS.has(key.toLowerCase()))
      .map(([key, inner]) => [key, MASKED_KEYS.has(key.toLowerCase()) ? REDACTED : redact(inner)]),
  );
}
