import 'server-only';
import { and, count, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';

import { getDb, schema, writeTransaction } from '@/db';
import { NotFoundError } from '@/lib/errors';
import { contactKeySchema } from '@/lib/validations/contact';
import { parseOrThrow } from '@/lib/validations/parse';
import { toDeliveryView } from './deliveries';
import type { DeliveryPage } from './deliveries-list';

const d = schema.deliveries;

/** A contact's deliveries across integrations, newest first, keyset-paginated (deliveries_contact_idx). */
export async function contactTimeline(contact: unknown, cursor?: number, limit = 50): Promise<DeliveryPage> {
  const key = parseOrThrow(contactKeySchema, contact);
  const rows = getDb()
    .select()
    .from(d)
    .where(and(eq(d.contact, key), cursor ? lt(d.id, cursor) : undefined))
    .orderBy(desc(d.id))
    .limit(limit + 1)
    .all();
  const items = rows.slice(0, limit).map(toDeliveryView);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Every value the history may file this person under: the key itself, the email and contact ID of each
 * event filed under it, and the contact IDs whose events carry the key as their email (an event with both
 * is filed under its ID). That last look is a scan of the history: erasure is rare and admin-only, and an
 * index on the event's email would cost every collector insert (docs/architecture.md, Erasure).
 */
function identifiersOf(key: string): string[] {
  const db = getDb();
  const linked = db
    .select({
      email: sql<string | null>`json_extract(${d.event}, '$.email')`,
      contactId: sql<string | null>`json_extract(${d.event}, '$.contactId')`,
    })
    .from(d)
    .where(eq(d.contact, key))
    .groupBy(sql`1`, sql`2`)
    .all();
  const byEmail = db
    .selectDistinct({ contact: d.contact })
    .from(d)
    .where(sql`json_extract(${d.event}, '$.email') = ${key}`)
    .all();
  const ids = new Set([key]);
  for (const l of linked) for (const v of [l.email, l.contactId]) if (v) ids.add(v);
  for (const r of byEmail) ids.add(r.contact);
  return [...ids];
}

export interface ErasurePreview {
  deliveries: number;
  attempts: number;
}

function countFor(ids: string[]): ErasurePreview {
  const db = getDb();
  const deliveries = db.select({ n: count() }).from(d).where(inArray(d.contact, ids)).get()?.n ?? 0;
  const attempts =
    db
      .select({ n: count() })
      .from(schema.attempts)
      .innerJoin(d, eq(d.id, schema.attempts.deliveryId))
      .where(inArray(d.contact, ids))
      .get()?.n ?? 0;
  return { deliveries, attempts };
}

/** What an erasure would remove: the confirmation shows these counts. */
export async function erasurePreview(contact: unknown): Promise<ErasurePreview> {
  return countFor(identifiersOf(parseOrThrow(contactKeySchema, contact)));
}

const ERASED = '(erased contact)';

/**
 * GDPR erasure: in one transaction, every delivery filed under the contact (its attempts and search
 * entries go by cascade and trigger), the sandbox's copy (the stand-in for SALESmanago lives in the same
 * file), and the contact's name in earlier audit lines and job parameters. Then the search index is
 * merged and the WAL checkpointed, with secure_delete on, so no copy is left in free pages or the WAL.
 */
export function eraseContactSync(contact: unknown): ErasurePreview & { sandboxContacts: number } {
  const key = parseOrThrow(contactKeySchema, contact);
  const client = getDb().$client;
  const secure = client.pragma('secure_delete', { simple: true });
  client.pragma('secure_delete = ON');
  try {
    const result = writeTransaction(() => {
      const db = getDb();
      const ids = identifiersOf(key);
      const counted = countFor(ids);
      if (!counted.deliveries) throw new NotFoundError('No delivery was sent for this contact.');
      db.delete(d).where(inArray(d.contact, ids)).run();
      const sandboxIds = db
        .select({ id: schema.sandboxContacts.id })
        .from(schema.sandboxContacts)
        .where(or(inArray(schema.sandboxContacts.email, ids), inArray(schema.sandboxContacts.id, ids)))
        .all()
        .map((r) => r.id);
      db.delete(schema.sandboxEvents).where(inArray(schema.sandboxEvents.contactId, sandboxIds)).run();
      db.delete(schema.sandboxContacts).where(inArray(schema.sandboxContacts.id, sandboxIds)).run();
      for (const id of ids) {
        const hit = (col: string) => sql.raw(`instr(${col}, `).append(sql`${id}) > 0`);
        const scrub = (col: string) => sql.raw(`replace(${col}, `).append(sql`${id}, ${ERASED})`);
        db.run(
          sql`update audit_log set summary = ${scrub('summary')}, details = ${scrub('details')} where ${hit('summary')} or ${hit('details')}`,
        );
        db.run(
          sql`update jobs set params = ${scrub('params')}, errors = ${scrub('errors')} where ${hit('params')} or ${hit('errors')}`,
        );
      }
      return { ...counted, sandboxContacts: sandboxIds.length };
    });
    // Contentless FTS5 keeps deleted rows' tokens until segments merge; optimize merges them all.
    client.prepare(`insert into deliveries_fts(deliveries_fts) values ('optimize')`).run();
    client.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  } finally {
    client.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
  }
}

export async function eraseContact(contact: unknown): Promise<ErasurePreview & { sandboxContacts: number }> {
  return eraseContactSync(contact);
}
