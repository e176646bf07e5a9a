import 'server-only';
import { and, count, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { NotFoundError } from '@/lib/errors';
import { contactKeySchema } from '@/lib/validations/contact';
import { parseOrThrow } from '@/lib/validations/parse';
import { toDeliveryView } from './deliveries';
import type { DeliveryPage } from './deliveries-list';
import { db, jsonField, rawExecute, withSqliteClient, withTransaction } from './engine';
import { mergeSearchIndex } from './optimize';

const d = schema.deliveries;

/** A contact's deliveries across integrations, newest first, keyset-paginated (deliveries_contact_idx). */
export async function contactTimeline(contact: unknown, cursor?: number, limit = 50): Promise<DeliveryPage> {
  const key = parseOrThrow(contactKeySchema, contact);
  const rows = await db()
    .select()
    .from(d)
    .where(and(eq(d.contact, key), cursor ? lt(d.id, cursor) : undefined))
    .orderBy(desc(d.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toDeliveryView);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Every value the history may file this person under: the key itself, the email and contact ID of each
 * event filed under it, and the contact IDs whose events carry the key as their email (an event with both
 * is filed under its ID). That last look is a scan of the history: erasure is rare and admin-only, and an
 * index on the event's email would cost every collector insert (docs/architecture.md, Erasure).
 */
async function identifiersOf(key: string): Promise<string[]> {
  const linked = await db()
    .select({
      email: sql<string | null>`${jsonField(d.event, 'email')}`,
      contactId: sql<string | null>`${jsonField(d.event, 'contactId')}`,
    })
    .from(d)
    .where(eq(d.contact, key))
    .groupBy(sql`1`, sql`2`);
  const byEmail = await db()
    .selectDistinct({ contact: d.contact })
    .from(d)
    .where(sql`${jsonField(d.event, 'email')} = ${key}`);
  const ids = new Set([key]);
  for (const l of linked) for (const v of [l.email, l.contactId]) if (v) ids.add(v);
  for (const r of byEmail) ids.add(r.contact);
  return [...ids];
}

export interface ErasurePreview {
  deliveries: number;
  attempts: number;
}

async function countFor(ids: string[]): Promise<ErasurePreview> {
  const [deliveries] = await db().select({ n: count() }).from(d).where(inArray(d.contact, ids));
  const [attempts] = await db()
    .select({ n: count() })
    .from(schema.attempts)
    .innerJoin(d, eq(d.id, schema.attempts.deliveryId))
    .where(inArray(d.contact, ids));
  return { deliveries: deliveries?.n ?? 0, attempts: attempts?.n ?? 0 };
}

/** What an erasure would remove: the confirmation shows these counts. */
export async function erasurePreview(contact: unknown): Promise<ErasurePreview> {
  return countFor(await identifiersOf(parseOrThrow(contactKeySchema, contact)));
}

const ERASED = '(erased contact)';

/**
 * Replaces the contact's identifier in text kept elsewhere: earlier audit lines and job parameters.
 * SQLite keeps those as text; PostgreSQL's json columns are searched and replaced as their text.
 */
async function scrubIdentifier(id: string): Promise<void> {
  const pg = engineKind() === 'pg';
  const asText = (col: string, json: boolean) => sql.raw(pg && json ? `${col}::text` : col);
  const hit = (col: string, json = true) =>
    pg ? sql`strpos(${asText(col, json)}, ${id}) > 0` : sql`instr(${asText(col, json)}, ${id}) > 0`;
  const scrub = (col: string, json = true) => {
    const replaced = sql`replace(${asText(col, json)}, ${id}, ${ERASED})`;
    return pg && json ? sql`(${replaced})::json` : replaced;
  };
  await rawExecute(
    sql`update audit_log set summary = ${scrub('summary', false)}, details = ${scrub('details')} where ${hit('summary', false)} or ${hit('details')}`,
  );
  await rawExecute(
    sql`update jobs set params = ${scrub('params')}, errors = ${scrub('errors')} where ${hit('params')} or ${hit('errors')}`,
  );
}

/** In one transaction: every delivery filed under the contact, the sandbox's copy, and its name elsewhere. */
function eraseRows(key: string) {
  return withTransaction(async () => {
    const ids = await identifiersOf(key);
    const counted = await countFor(ids);
    // Nothing to erase: decided here, refused after the transaction (nothing was written).
    if (!counted.deliveries) return null;
    await db().delete(d).where(inArray(d.contact, ids));
    const sandboxIds = (
      await db()
        .select({ id: schema.sandboxContacts.id })
        .from(schema.sandboxContacts)
        .where(or(inArray(schema.sandboxContacts.email, ids), inArray(schema.sandboxContacts.id, ids)))
    ).map((r) => r.id);
    await db().delete(schema.sandboxEvents).where(inArray(schema.sandboxEvents.contactId, sandboxIds));
    await db().delete(schema.sandboxContacts).where(inArray(schema.sandboxContacts.id, sandboxIds));
    for (const id of ids) await scrubIdentifier(id);
    return { ...counted, sandboxContacts: sandboxIds.length };
  });
}

/**
 * GDPR erasure: in one transaction, every delivery filed under the contact (its attempts and search
 * entries go by cascade and trigger), the sandbox's copy (the stand-in for SALESmanago lives in the same
 * database), and the contact's name in earlier audit lines and job parameters.
 * - SQLite: with secure_delete on, then the search index merged (in steps) and the WAL checkpointed, so
 *   no copy is left in free pages or the WAL.
 * - PostgreSQL: the deleted rows' old versions stay in the table's pages until autovacuum reclaims them
 *   (minutes); the server's own backups and WAL archive are the operator's to expire (README, PostgreSQL).
 */
export async function eraseContact(contact: unknown): Promise<ErasurePreview & { sandboxContacts: number }> {
  const key = parseOrThrow(contactKeySchema, contact);
  if (engineKind() === 'pg') return refuseNone(await eraseRows(key));
  const secure = await withSqliteClient((client) => {
    const was = client.pragma('secure_delete', { simple: true });
    client.pragma('secure_delete = ON');
    return was;
  });
  try {
    const result = refuseNone(await eraseRows(key));
    // Contentless FTS5 keeps deleted rows' tokens (tombstoned) until their b-tree is merged again. The
    // stepped merge rewrites every b-tree holding them, a few pages per statement: 'optimize' did it in
    // one statement, holding the write lock and the event loop for the whole index (9.6 s at a million
    // deliveries), so the collector waited that long.
    await mergeSearchIndex();
    await withSqliteClient((client) => client.pragma('wal_checkpoint(TRUNCATE)'));
    return result;
  } finally {
    await withSqliteClient((client) => client.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`));
  }
}

function refuseNone<T>(result: T | null): T {
  if (!result) throw new NotFoundError('No delivery was sent for this contact.');
  return result;
}
