import 'server-only';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';

import { schema } from '@/db';
import { config } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';
import { LEGACY_PATHS, PATHS } from '@/lib/salesmanago/requests';
import { parseOrThrow } from '@/lib/validations/parse';
import { db } from './engine';
import { sandboxAccountRow, sandboxStore } from './sandbox';

// What the sandbox received, for its contacts page: read-only views of the sandbox tables.

export interface SandboxAccountInfo {
  clientId: string;
  users: string[];
  /** The address a SALESmanago client uses to reach the sandbox (PUBLIC_URL/sandbox). */
  endpoint: string;
}

export interface SandboxContactView {
  id: string;
  email: string | null;
  createdAt: number;
  eventCount: number;
  /** When the contact last received or had an event updated; null before its first event. */
  lastEventAt: number | null;
}

/** Which API call stored the event: v2 or legacy single add, or one of the batch adds. */
export type SandboxEventVia = 'v2' | 'legacy' | 'batch' | 'batch-legacy' | 'other';

export interface SandboxEventView {
  id: string;
  type: string;
  /** The event's own date (contactEvent.date), epoch ms. */
  eventDate: number | null;
  /** The fields as the sandbox stored them (the contactEvent, normalised; never an auth field). */
  event: Record<string, unknown>;
  path: string;
  via: SandboxEventVia;
  createdAt: number;
  updatedAt: number | null;
}

export interface SandboxContactsPage {
  account: SandboxAccountInfo | null;
  items: SandboxContactView[];
  /** Every contact of the account; `items` holds at most `limit` of them, most recently active first. */
  total: number;
  limit: number;
}

export interface SandboxContactDetail {
  contact: SandboxContactView;
  events: SandboxEventView[];
  /** `events` holds the newest EVENTS_LIMIT of them. */
  limit: number;
}

export const EVENTS_LIMIT = 200;

export const sandboxContactsQuerySchema = z.object({
  limit: z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? undefined : Number(v)),
    z
      .number({ error: 'Limit must be a number.' })
      .int({ error: 'Limit must be a whole number.' })
      .min(1, { error: 'Limit must be 1 to 500.' })
      .max(500, { error: 'Limit must be 1 to 500.' })
      .default(100),
  ),
});

const VIA_BY_PATH: Record<string, SandboxEventVia> = {
  [PATHS.addEvent]: 'v2',
  [LEGACY_PATHS.addEvent]: 'legacy',
  [PATHS.batchAddEvents]: 'batch',
  [LEGACY_PATHS.batchAddEvents]: 'batch-legacy',
};

// An update counts as activity too: the CART flow updates one event many times.
const lastActivity = () => {
  const e = schema.sandboxEvents;
  return sql<number | null>`max(coalesce(${e.updatedAt}, ${e.createdAt}))`;
};

function contactRows(accountId: number, only?: SQL) {
  const c = schema.sandboxContacts;
  const e = schema.sandboxEvents;
  return (
    db()
      .select({
        id: c.id,
        email: c.email,
        createdAt: c.createdAt,
        eventCount: count(e.id),
        lastEventAt: lastActivity(),
      })
      .from(c)
      .leftJoin(e, and(eq(e.contactId, c.id), eq(e.accountId, c.accountId)))
      .where(and(eq(c.accountId, accountId), only))
      // c.id is the key: PostgreSQL takes the contact's other columns as functionally dependent on it.
      .groupBy(c.id)
  );
}

/** The sandbox account and its contacts, most recently active first, capped at `limit`. */
export async function listSandboxContacts(input: unknown = {}): Promise<SandboxContactsPage> {
  const { limit } = parseOrThrow(sandboxContactsQuerySchema, input);
  const account = await sandboxAccountRow();
  if (!account) return { account: null, items: [], total: 0, limit };
  const c = schema.sandboxContacts;
  // Never-active contacts sort by their creation; the key is never null, so both engines order alike.
  const items = await contactRows(account.id)
    .orderBy(desc(sql`coalesce(${lastActivity()}, ${c.createdAt})`), desc(c.createdAt), c.id)
    .limit(limit);
  const [counted] = await db().select({ n: count() }).from(c).where(eq(c.accountId, account.id));
  const total = counted?.n ?? 0;
  return {
    account: {
      clientId: account.clientId,
      users: await sandboxStore.listUsers(account.id),
      endpoint: config().sandboxUrl,
    },
    items,
    total,
    limit,
  };
}

/** One sandbox contact and the events it received, newest first. */
export async function getSandboxContact(id: string): Promise<SandboxContactDetail> {
  const account = await sandboxAccountRow();
  const [contact] =
    account && id.length <= 64 ? await contactRows(account.id, eq(schema.sandboxContacts.id, id)) : [];
  if (!account || !contact) throw new NotFoundError('The sandbox has no contact with this ID.');
  const e = schema.sandboxEvents;
  const rows = await db()
    .select()
    .from(e)
    .where(and(eq(e.accountId, account.id), eq(e.contactId, id)))
    .orderBy(desc(e.createdAt), desc(e.id))
    .limit(EVENTS_LIMIT);
  const events = rows.map((row): SandboxEventView => {
    const event = (row.event ?? {}) as Record<string, unknown>;
    return {
      id: row.id,
      type: row.type,
      eventDate: typeof event.date === 'number' ? event.date : null,
      event,
      path: row.path,
      via: VIA_BY_PATH[row.path] ?? 'other',
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
  return { contact, events, limit: EVENTS_LIMIT };
}
