import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDb, schema, setDbForTests, type Db } from '@/db';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { LEGACY_PATHS, PATHS } from '@/lib/salesmanago/requests';
import { getSandboxContact, listSandboxContacts } from './sandbox-contacts';

let db: Db;

function seed() {
  const account = db
    .insert(schema.sandboxAccounts)
    .values({ clientId: 'sbxtest', apiSecretEnc: 'not-read-here' })
    .returning()
    .get();
  db.insert(schema.sandboxUsers).values({ accountId: account.id, email: 'owner@sandbox.example.com' }).run();
  db.insert(schema.sandboxContacts)
    .values([
      { id: 'c-quiet', accountId: account.id, email: 'quiet@example.com', createdAt: 3_000 },
      { id: 'c-busy', accountId: account.id, email: 'busy@example.com', createdAt: 1_000 },
      { id: 'c-new', accountId: account.id, email: 'new@example.com', createdAt: 2_000 },
    ])
    .run();
  const event = (id: string, path: string, createdAt: number, updatedAt: number | null = null) => ({
    id,
    accountId: account.id,
    contactId: 'c-busy',
    type: 'CART',
    event: { contactExtEventType: 'CART', date: createdAt - 1 },
    path,
    createdAt,
    updatedAt,
  });
  db.insert(schema.sandboxEvents)
    .values([
      event('e1', PATHS.addEvent, 1_100, 9_000),
      event('e2', LEGACY_PATHS.addEvent, 1_200),
      event('e3', PATHS.batchAddEvents, 1_300),
      event('e4', LEGACY_PATHS.batchAddEvents, 1_400),
    ])
    .run();
}

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
});

afterEach(() => {
  setDbForTests(undefined);
  db.$client.close();
});

describe('listSandboxContacts', () => {
  it('answers an empty page before the sandbox exists', async () => {
    expect(await listSandboxContacts()).toEqual({ account: null, items: [], total: 0, limit: 100 });
  });

  it('lists contacts most recently active first, with their event counts', async () => {
    seed();
    const page = await listSandboxContacts();
    expect(page.account).toMatchObject({ clientId: 'sbxtest', users: ['owner@sandbox.example.com'] });
    expect(page.account?.endpoint).toMatch(/\/sandbox$/);
    expect(page.total).toBe(3);
    // busy: an update at 9000 is its last activity; the others have none and sort by creation.
    expect(page.items.map((i) => [i.email, i.eventCount, i.lastEventAt])).toEqual([
      ['busy@example.com', 4, 9_000],
      ['quiet@example.com', 0, null],
      ['new@example.com', 0, null],
    ]);
  });

  it('caps the list and refuses a limit out of range', async () => {
    seed();
    const page = await listSandboxContacts({ limit: '2' });
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(3);
    await expect(listSandboxContacts({ limit: '0' })).rejects.toThrow(ValidationError);
    await expect(listSandboxContacts({ limit: 'many' })).rejects.toThrow(ValidationError);
  });
});

describe('getSandboxContact', () => {
  it('lists the events newest first and names the path each came through', async () => {
    seed();
    const detail = await getSandboxContact('c-busy');
    expect(detail.contact).toMatchObject({ email: 'busy@example.com', eventCount: 4 });
    expect(detail.events.map((e) => [e.id, e.via, e.eventDate])).toEqual([
      ['e4', 'batch-legacy', 1_399],
      ['e3', 'batch', 1_299],
      ['e2', 'legacy', 1_199],
      ['e1', 'v2', 1_099],
    ]);
    expect(detail.events[3]?.updatedAt).toBe(9_000);
  });

  it('is not found for an unknown or absurd id', async () => {
    seed();
    await expect(getSandboxContact('nope')).rejects.toThrow(NotFoundError);
    await expect(getSandboxContact('x'.repeat(500))).rejects.toThrow(NotFoundError);
  });
});
