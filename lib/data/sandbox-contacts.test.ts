import { describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { LEGACY_PATHS, PATHS } from '@/lib/salesmanago/requests';
import { db } from './engine';
import { getSandboxContact, listSandboxContacts } from './sandbox-contacts';
import { ENGINES, testOnEngine } from './test-helpers';

async function seed() {
  const [account] = await db()
    .insert(schema.sandboxAccounts)
    .values({ clientId: 'sbxtest', apiSecretEnc: 'not-read-here' })
    .returning();
  const accountId = account!.id;
  await db().insert(schema.sandboxUsers).values({ accountId, email: 'owner@sandbox.example.com' });
  await db()
    .insert(schema.sandboxContacts)
    .values([
      { id: 'c-quiet', accountId, email: 'quiet@example.com', createdAt: 3_000 },
      { id: 'c-busy', accountId, email: 'busy@example.com', createdAt: 1_000 },
      { id: 'c-new', accountId, email: 'new@example.com', createdAt: 2_000 },
    ]);
  const event = (id: string, path: string, createdAt: number, updatedAt: number | null = null) => ({
    id,
    accountId,
    contactId: 'c-busy',
    type: 'CART',
    event: { contactExtEventType: 'CART', date: createdAt - 1 },
    path,
    createdAt,
    updatedAt,
  });
  await db()
    .insert(schema.sandboxEvents)
    .values([
      event('e1', PATHS.addEvent, 1_100, 9_000),
      event('e2', LEGACY_PATHS.addEvent, 1_200),
      event('e3', PATHS.batchAddEvents, 1_300),
      event('e4', LEGACY_PATHS.batchAddEvents, 1_400),
    ]);
}

describe.each(ENGINES)('the sandbox contacts page on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  describe('listSandboxContacts', () => {
    it('answers an empty page before the sandbox exists', async () => {
      expect(await listSandboxContacts()).toEqual({ account: null, items: [], total: 0, limit: 100 });
    });

    it('lists contacts most recently active first, with their event counts', async () => {
      await seed();
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
      await seed();
      const page = await listSandboxContacts({ limit: '2' });
      expect(page.items).toHaveLength(2);
      expect(page.total).toBe(3);
      await expect(listSandboxContacts({ limit: '0' })).rejects.toThrow(ValidationError);
      await expect(listSandboxContacts({ limit: 'many' })).rejects.toThrow(ValidationError);
    });
  });

  describe('getSandboxContact', () => {
    it('lists the events newest first and names the path each came through', async () => {
      await seed();
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
      await seed();
      await expect(getSandboxContact('nope')).rejects.toThrow(NotFoundError);
      await expect(getSandboxContact('x'.repeat(500))).rejects.toThrow(NotFoundError);
    });
  });
});
