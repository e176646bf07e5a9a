// The sandbox's external-event endpoints (salesmanago.md §3.2–3.4): add, update and batch add, on the v2 and
// the legacy paths alike. Refusals follow §4.2 (HTTP 200, success: false, a message list and per-field
// `values`), with message strings the console's decoder (lib/salesmanago/messages.ts) maps to a reason.
import { randomUUID } from 'node:crypto';

import { DETAIL_FIELDS, EVENT_FIELD_LIMITS, LOCATION_PATTERN } from '@/lib/salesmanago/event-fields';
import { EVENT_TYPES, isEventType, type EventType } from '@/lib/salesmanago/event-types';
import { parseEventDate, parseEventValue } from '@/lib/salesmanago/event-values';
import { LEGACY_PATHS, MAX_BATCH_EVENTS, PATHS } from '@/lib/salesmanago/requests';
import type { SandboxHandler } from './api';
import { authenticate } from './auth';
import { isMagicEmail, magicFor, withMagic, type MagicTarget } from './magic';
import { ok, refuse, type SandboxReply } from './reply';
import type { SandboxContact, SandboxEventRecord, SandboxStore } from './store';

type Json = Record<string, unknown>;

/** One thing wrong with a request: `message` goes to the message list, `detail` to `values[field]`. */
interface Problem {
  field: string;
  message: string;
  detail: string;
}

interface Identity {
  email?: string;
  contactId?: string;
}

interface CheckedEvent {
  type: EventType;
  /** What is stored: only the known fields of contactEvent, normalised; never an auth field. */
  event: Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const shorten = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

const TEXT_LIMITS: [string, number][] = [
  ['description', EVENT_FIELD_LIMITS.description],
  ['products', EVENT_FIELD_LIMITS.products],
  ['location', EVENT_FIELD_LIMITS.location],
  ['externalId', EVENT_FIELD_LIMITS.externalId],
  // No source gives shopDomain a limit; the console's 255 is kept so the two never disagree.
  ['shopDomain', EVENT_FIELD_LIMITS.shopDomain],
  ...DETAIL_FIELDS.map((f): [string, number] => [f, EVENT_FIELD_LIMITS.detail]),
];

/** email or contactId, at the top level of a single call or on each batch item. contactId wins, as in §3.3. */
function checkIdentity(holder: Json, problems: Problem[]): Identity {
  const { email, contactId } = holder;
  if (!absent(contactId)) {
    if (typeof contactId === 'string') return { contactId: contactId.trim() };
    problems.push({ field: 'contactId', message: 'contactId must be a string', detail: 'must be a UUID' });
    return {};
  }
  if (absent(email)) {
    // "not specified" after "email" is what the decoder reads as a missing contact.
    problems.push({
      field: 'email',
      message: 'Email or contactId not specified',
      detail: 'one of email or contactId is required',
    });
    return {};
  }
  const trimmed = typeof email === 'string' ? email.trim() : '';
  if (trimmed.length > EVENT_FIELD_LIMITS.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    problems.push({
      field: 'email',
      message: `Invalid email address: ${shorten(String(email))}`,
      detail: 'not a valid email address',
    });
    return {};
  }
  return { email: trimmed.toLowerCase() };
}

/** Checks contactEvent as §3.3 describes it, collecting every problem so one answer names them all. */
function checkContactEvent(raw: unknown, now: number, problems: Problem[]): CheckedEvent | undefined {
  if (!isObject(raw)) {
    problems.push({ field: 'contactEvent', message: 'contactEvent is required', detail: 'required' });
    return undefined;
  }
  const before = problems.length;
  const event: Json = {};
  const type = raw.contactExtEventType;
  if (absent(type)) {
    problems.push({
      field: 'contactExtEventType',
      message: 'contactExtEventType is required',
      detail: 'required',
    });
  } else if (!isEventType(type)) {
    // SALESmanago wants capitals ("types of external events have to be always capitalized"); the console
    // upper-cases before sending, so a lowercase type reaching the sandbox is a bug worth seeing.
    const lower = typeof type === 'string' && isEventType(type.trim().toUpperCase());
    problems.push({
      field: 'contactExtEventType',
      message: `Invalid event type: ${shorten(String(type))}${lower ? ' (event types must be in capital letters)' : ''}`,
      detail: `must be one of ${EVENT_TYPES.join(', ')}`,
    });
  } else event.contactExtEventType = type;

  const date = raw.date;
  if (absent(date)) {
    problems.push({ field: 'date', message: 'date is required', detail: 'required, in epoch milliseconds' });
  } else if (typeof date !== 'number' && typeof date !== 'string') {
    problems.push({ field: 'date', message: 'Invalid date', detail: 'must be epoch milliseconds' });
  } else {
    // Open question 6: epoch ms is documented, ISO 8601 with a zone was sent by live-tested SDKs; both are
    // accepted, with the console's own range rules, and stored as ms.
    const parsed = parseEventDate(date, now);
    if (parsed.ok) event.date = parsed.ms;
    else problems.push({ field: 'date', message: 'Invalid date', detail: parsed.message });
  }

  const value = raw.value;
  if (!absent(value)) {
    const parsed =
      typeof value === 'number' || typeof value === 'string'
        ? parseEventValue(value)
        : { ok: false as const, message: 'Value must be a number.' };
    if (parsed.ok) event.value = parsed.value;
    else problems.push({ field: 'value', message: 'Invalid value', detail: parsed.message });
  }

  for (const [field, max] of TEXT_LIMITS) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    // Numbers are taken as text (order IDs), as a Java JSON mapper coerces them.
    if (typeof v !== 'string' && typeof v !== 'number') {
      problems.push({ field, message: `${field} must be a string`, detail: 'must be text' });
      continue;
    }
    const s = String(v);
    if (s.length > max) {
      const detail = `at most ${max} characters (got ${s.length})`;
      problems.push({ field, message: `${field} is too long`, detail });
    } else if (field === 'location' && !LOCATION_PATTERN.test(s)) {
      const detail = 'only letters, digits and / _ - . without spaces';
      problems.push({ field, message: 'location contains characters that are not allowed', detail });
    } else event[field] = s;
  }
  return problems.length === before ? { type: event.contactExtEventType as EventType, event } : undefined;
}

function refuseProblems(problems: Problem[]): SandboxReply {
  const values: Record<string, string[]> = {};
  for (const p of problems) (values[p.field] ??= []).push(p.detail);
  return { status: 200, json: { success: false, message: problems.map((p) => p.message), values } };
}

// "contact … not found" is what the decoder reads as an unknown contact.
const contactNotFound = (id: Identity) =>
  id.contactId ? `Contact not found: contactId ${shorten(id.contactId)}` : `Contact not found: ${id.email}`;

/**
 * Open question 4: a single add CREATES a contact it does not know by email. forceOptIn "creates contact as
 * opt-in" implies SALESmanago does, and it lets a newcomer send to any address. A batch does not (the official
 * EventsTest: "contact need to be created before add events to it"; the decoder's batch advice says so too),
 * except for magic contacts, which exist everywhere like Stripe's test cards. A contactId is never invented.
 *
 * Looks up every identity of a request at once (a statement per kind, not one per event) and answers
 * with a function from an identity to its contact. `create` says which unknown emails get a contact.
 */
async function resolveContacts(
  store: SandboxStore,
  accountId: number,
  identities: Identity[],
  create: (email: string) => boolean,
): Promise<(id: Identity) => SandboxContact | undefined> {
  const ids = new Set<string>();
  const toFind = new Set<string>();
  const toCreate = new Set<string>();
  for (const id of identities) {
    if (id.contactId) ids.add(id.contactId);
    else if (id.email) (create(id.email) ? toCreate : toFind).add(id.email);
  }
  // An empty list costs no statement (the stores answer it at once).
  const byId = await store.findContacts(accountId, [...ids]);
  const byEmail = await store.findContactsByEmail(accountId, [...toFind]);
  for (const [email, contact] of await store.ensureContacts(accountId, [...toCreate])) {
    byEmail.set(email, contact);
  }
  return (id) => (id.contactId ? byId.get(id.contactId) : id.email ? byEmail.get(id.email) : undefined);
}

/**
 * The magic behaviour of the first of `holders` (a request, or a batch's items) that has one: each is
 * matched on the email sent, else on the email of the contact its ID names (looked up together).
 */
async function magicOf(
  holders: unknown[],
  store: SandboxStore,
  accountId: number,
): Promise<MagicTarget | undefined> {
  const items = holders.filter(isObject);
  const byId = (h: Json) =>
    typeof h.email !== 'string' && typeof h.contactId === 'string' ? h.contactId.trim() : undefined;
  const ids = [...new Set(items.map(byId).filter((id): id is string => id !== undefined))];
  const contacts = await store.findContacts(accountId, ids);
  for (const holder of items) {
    const id = byId(holder);
    const email = id === undefined ? holder.email : contacts.get(id)?.email;
    const target = magicFor(email, holder.contactEvent);
    if (target) return target;
  }
  return undefined;
}

const addEvent =
  (path: string): SandboxHandler =>
  async (body, store, now) => {
    const auth = await authenticate(body, store);
    if (!auth.ok) return auth.reply;
    const accountId = auth.account.id;
    return withMagic(await magicOf([body], store, accountId), store, accountId, async () => {
      const problems: Problem[] = [];
      const identity = checkIdentity(body, problems);
      const checked = checkContactEvent(body.contactEvent, now, problems);
      if (problems.length > 0 || !checked) return refuseProblems(problems);
      // The contact a new email gets and its first event are stored together.
      return store.transaction(async () => {
        const contact = (await resolveContacts(store, accountId, [identity], () => true))(identity);
        if (!contact) return refuse(contactNotFound(identity));
        const eventId = randomUUID();
        await store.insertEvents(accountId, [
          { id: eventId, contactId: contact.id, type: checked.type, event: checked.event, path },
        ]);
        return ok({ eventId });
      });
    });
  };

/** §3.4: a full resend of the event with its eventId; what is stored is replaced, the eventId echoed. */
const updateEvent: SandboxHandler = async (body, store, now) => {
  const auth = await authenticate(body, store);
  if (!auth.ok) return auth.reply;
  const accountId = auth.account.id;
  return withMagic(await magicOf([body], store, accountId), store, accountId, async () => {
    const problems: Problem[] = [];
    const identity = checkIdentity(body, problems);
    const raw = body.contactEvent;
    const eventId = isObject(raw) && typeof raw.eventId === 'string' ? raw.eventId.trim() : '';
    if (isObject(raw) && !eventId) {
      const detail = 'required: the eventId the add answered with';
      problems.push({ field: 'eventId', message: 'eventId is required', detail });
    }
    const checked = checkContactEvent(raw, now, problems);
    if (problems.length > 0 || !checked) return refuseProblems(problems);
    // What is checked (the event and its contact) is what is replaced: no other request in between.
    return store.transaction(async () => {
      // No source gives these texts and no decoder reason fits them; with `values` they decode as a
      // field refusal that names the eventId.
      const stored = await store.findEvent(accountId, eventId);
      if (!stored) {
        const detail = 'no event with this ID in the account';
        return refuseProblems([
          { field: 'eventId', message: `Event not found: ${shorten(eventId)}`, detail },
        ]);
      }
      const contact = (await resolveContacts(store, accountId, [identity], () => false))(identity);
      if (!contact) return refuse(contactNotFound(identity));
      if (contact.id !== stored.contactId) {
        const detail = 'the event belongs to another contact';
        return refuseProblems([{ field: 'eventId', message: 'Event belongs to another contact', detail }]);
      }
      await store.updateEvent(accountId, eventId, checked.type, checked.event);
      return ok({ eventId });
    });
  });
};

/** A batch item after its checks: refused (with its failedContacts entry), or an event to store. */
type BatchItem =
  { failed: Json } | { failed?: undefined; who: Json; identity: Identity; checked: CheckedEvent };

function checkBatchItem(item: unknown, now: number): BatchItem {
  if (!isObject(item)) return { failed: { message: 'Event must be an object' } };
  const problems: Problem[] = [];
  // §3.4: the owner is named once at the top level; a per-event owner is refused.
  if ('owner' in item) {
    const message = 'owner is not allowed in an event; send it once at the top level';
    problems.push({ field: 'owner', message, detail: 'not allowed per event' });
  }
  const identity = checkIdentity(item, problems);
  const checked = checkContactEvent(item.contactEvent, now, problems);
  const who = identity.contactId
    ? { contactId: identity.contactId }
    : identity.email
      ? { email: identity.email }
      : {};
  if (problems.length > 0 || !checked) {
    return { failed: { ...who, message: problems.map((p) => p.message).join('; ') } };
  }
  return { who, identity, checked };
}

const batchAdd =
  (path: string): SandboxHandler =>
  async (body, store, now) => {
    const auth = await authenticate(body, store);
    if (!auth.ok) return auth.reply;
    const accountId = auth.account.id;
    const events = body.events;
    if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH_EVENTS) {
      const detail = Array.isArray(events) ? `got ${events.length} events` : 'events must be a list';
      // The docs' own words (via the C# SDK), so the message names the limit.
      const message = `List cannot be empty and it's limited to ${MAX_BATCH_EVENTS}`;
      return refuseProblems([{ field: 'events', message, detail }]);
    }
    // One request has one answer: a timeout or a 500 cannot happen to half a batch, so the first magic
    // item decides for the whole request.
    return withMagic(await magicOf(events, store, accountId), store, accountId, async () => {
      const items = events.map((item) => checkBatchItem(item, now));
      // One transaction for the whole batch: its contacts looked up together, its events one insert.
      return store.transaction(async () => {
        const identities = items.flatMap((i) => (i.failed ? [] : [i.identity]));
        const contactOf = await resolveContacts(store, accountId, identities, isMagicEmail);
        const failedContacts: Json[] = [];
        const rows: Omit<SandboxEventRecord, 'createdAt' | 'updatedAt'>[] = [];
        for (const item of items) {
          if (item.failed) {
            failedContacts.push(item.failed);
            continue;
          }
          const contact = contactOf(item.identity);
          if (!contact) {
            failedContacts.push({ ...item.who, message: contactNotFound(item.identity) });
            continue;
          }
          const { type, event } = item.checked;
          rows.push({ id: randomUUID(), contactId: contact.id, type, event, path });
        }
        if (rows.length) await store.insertEvents(accountId, rows);
        return ok({ failedContacts, createdAmount: rows.length, failedAmount: failedContacts.length });
      });
    });
  };

/** Every event endpoint by path; api.ts registers them. */
export const EVENT_HANDLERS: Readonly<Record<string, SandboxHandler>> = {
  [PATHS.addEvent]: addEvent(PATHS.addEvent),
  [LEGACY_PATHS.addEvent]: addEvent(LEGACY_PATHS.addEvent),
  [PATHS.updateEvent]: updateEvent,
  [LEGACY_PATHS.updateEvent]: updateEvent,
  [PATHS.batchAddEvents]: batchAdd(PATHS.batchAddEvents),
  [LEGACY_PATHS.batchAddEvents]: batchAdd(LEGACY_PATHS.batchAddEvents),
};
