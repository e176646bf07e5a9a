import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDb, schema, setDbForTests, type Db } from '@/db';
import { audit, listAudit } from './audit';
import { contactTimeline, eraseContact, erasurePreview } from './contacts';
import { insertDelivery } from './deliveries';
import { listDeliveries } from './deliveries-list';
import { deliveryFiltersSchema } from '@/lib/validations/delivery';
import { db as engineDb } from './engine';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import {
  addTestIntegration,
  ENGINES,
  insertTestIntegration,
  tempDbFiles,
  testOnEngine,
} from './test-helpers';

const EMAIL = 'erase.me.please@example.com';
const file = tempDbFiles('contacts-')('console.db');
let db: Db;
let shop: number;
let blog: number;

async function send(integrationId: number, event: Record<string, unknown>, now = Date.now()) {
  const id = (
    await insertDelivery({
      integration: { id: integrationId, name: integrationId === shop ? 'Shop' : 'Blog' },
      source: 'api',
      operation: 'add',
      event: { type: 'PURCHASE', ...event },
      now,
    })
  ).id;
  db.insert(schema.attempts)
    .values({
      deliveryId: id,
      number: 1,
      startedAt: now,
      url: 'https://app3.salesmanago.com/api/v3/externalEvent',
      request: { contactEvent: event },
      responseBody: JSON.stringify({ echo: event }),
      outcome: 'succeeded',
    })
    .run();
  return id;
}

beforeAll(() => {
  db = openDb(file);
  setDbForTests(db);
  shop = insertTestIntegration(db, { name: 'Shop' });
  blog = insertTestIntegration(db, { name: 'Blog' });
});
afterAll(() => db.$client.close());

describe("a contact's timeline", () => {
  it('lists every event for the contact across integrations, newest first, page by page', async () => {
    const a = await send(shop, { email: EMAIL, externalId: 'ord-1' }, 1_000);
    const b = await send(blog, { email: EMAIL, description: 'newsletter' }, 2_000);
    const c = await send(shop, { email: EMAIL, externalId: 'ord-2' }, 3_000);
    await send(shop, { email: 'someone.else@example.com' });
    const first = await contactTimeline(EMAIL, undefined, 2);
    expect(first.items.map((i) => i.id)).toEqual([c, b]);
    expect(new Set(first.items.map((i) => i.integrationName))).toEqual(new Set(['Shop', 'Blog']));
    expect((await contactTimeline(EMAIL, first.nextCursor!, 2)).items.map((i) => i.id)).toEqual([a]);
    expect((await contactTimeline('nobody@example.com')).items).toEqual([]);
    await expect(contactTimeline('')).rejects.toThrow(expect.objectContaining({ status: 422 }));
  });
});

describe('erasing a contact', () => {
  it('leaves nothing of the contact in the database file, and nothing else goes', async () => {
    // The same person filed under a contact ID, with the email inside the event.
    await send(blog, { contactId: 'cid-4242-erase', email: EMAIL, externalId: 'ord-3' });
    const account = db
      .insert(schema.sandboxAccounts)
      .values({ clientId: 'c1', apiSecretEnc: 'x' })
      .returning()
      .get().id;
    db.insert(schema.sandboxContacts).values({ id: 'sbx-erase-1', accountId: account, email: EMAIL }).run();
    db.insert(schema.sandboxEvents)
      .values({
        id: 'sbx-ev-1',
        accountId: account,
        contactId: 'sbx-erase-1',
        type: 'PURCHASE',
        event: { email: EMAIL },
        path: '/x',
      })
      .run();
    await audit({ id: 1, label: 'admin@example.com' }, 'event.send', `Sent PURCHASE for ${EMAIL} to “Shop”.`);
    const keep = (await listDeliveries(deliveryFiltersSchema.parse({ q: 'someone.else' }))).items;
    expect(keep).toHaveLength(1);

    expect(await erasurePreview(EMAIL)).toEqual({ deliveries: 4, attempts: 4 });
    expect(await eraseContact(EMAIL)).toMatchObject({ deliveries: 4, attempts: 4, sandboxContacts: 1 });

    expect((await contactTimeline(EMAIL)).items).toEqual([]);
    expect((await contactTimeline('cid-4242-erase')).items).toEqual([]);
    expect((await listDeliveries(deliveryFiltersSchema.parse({ q: 'erase.me' }))).items).toEqual([]);
    expect((await listDeliveries(deliveryFiltersSchema.parse({ q: 'someone.else' }))).items).toHaveLength(1);
    expect((await listAudit({})).items[0]?.summary).toBe('Sent PURCHASE for (erased contact) to “Shop”.');
    expect(
      db.select().from(schema.sandboxContacts).where(eq(schema.sandboxContacts.id, 'sbx-erase-1')).get(),
    ).toBeUndefined();

    // The search index was merged again: FTS5 numbers tombstone pages from 2^53, and none is left for
    // the erased rows (their trigrams' doclists were rewritten without them).
    const tombstonePages = db.$client
      .prepare('select count(*) from deliveries_fts_data where id >= 9007199254740992')
      .pluck();
    expect(tombstonePages.get()).toBe(0);

    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
    );
    expect(bytes.indexOf('someone.else@example.com')).toBeGreaterThan(-1); // the check can see an email
    expect(bytes.indexOf(EMAIL)).toBe(-1);
    expect(bytes.indexOf('cid-4242-erase')).toBe(-1);
  });

  it('refuses a contact with no delivery (404) and writes nothing', async () => {
    await expect(eraseContact('nobody@example.com')).rejects.toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });
});

describe.each(ENGINES)('erasure on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('finds the contact under its email and contact ID, removes its deliveries and scrubs its name elsewhere', async () => {
    const integrationId = await addTestIntegration();
    const write = (event: Record<string, unknown>) =>
      insertDelivery({
        integration: { id: integrationId, name: 'Shop' },
        source: 'api',
        operation: 'add',
        event: { type: 'PURCHASE', ...event } as never,
      });
    await write({ email: EMAIL });
    await write({ contactId: 'cid-77', email: EMAIL });
    const other = await write({ email: 'someone.else@example.com' });
    await engineDb()
      .insert(schema.auditLog)
      .values({
        at: 1,
        actorLabel: 'admin',
        action: 'event.send',
        summary: `Sent for ${EMAIL}.`,
        details: { to: EMAIL },
      });
    await engineDb()
      .insert(schema.jobs)
      .values({ kind: 'export', status: 'succeeded', params: { q: 'cid-77' }, createdAt: 1 });

    expect(await erasurePreview(EMAIL)).toEqual({ deliveries: 2, attempts: 0 });
    expect(await eraseContact(EMAIL)).toEqual({ deliveries: 2, attempts: 0, sandboxContacts: 0 });
    expect((await contactTimeline(EMAIL)).items).toEqual([]);
    expect((await contactTimeline('cid-77')).items).toEqual([]);
    expect((await contactTimeline('someone.else@example.com')).items.map((i) => i.id)).toEqual([other.id]);
    const [line] = await engineDb().select().from(schema.auditLog);
    expect([line!.summary, line!.details]).toEqual([
      'Sent for (erased contact).',
      { to: '(erased contact)' },
    ]);
    const [job] = await engineDb().select().from(schema.jobs);
    expect(job!.params).toEqual({ q: '(erased contact)' });
    await expect(eraseContact(EMAIL)).rejects.toThrow(expect.objectContaining({ status: 404 }));
  });
});
