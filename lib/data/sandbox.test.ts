import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'sandbox-data-test-key-long-enough-0001';

const { schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const { decryptSecret, encryptSecret } = await import('@/lib/crypto');
const { buildAddEventRequest, buildBatchAddRequest, buildUpdateEventRequest } =
  await import('@/lib/salesmanago/requests');
const { handleSandboxApi } = await import('@/lib/sandbox/api');
const { MEMORY_STORE_CREDENTIALS: creds } = await import('@/lib/sandbox/memory-store');
const { db } = await import('./engine');
const sandbox = await import('./sandbox');
const { ENGINES, testOnEngine } = await import('./test-helpers');

const { sandboxStore: store } = sandbox;
const NOW = Date.UTC(2025, 5, 1, 12);

/** A sandbox account that signs with the memory store's credentials, so requests can be built for it. */
async function seedAccount(): Promise<number> {
  const [account] = await db()
    .insert(schema.sandboxAccounts)
    .values({ clientId: creds.clientId, apiSecretEnc: encryptSecret(creds.apiSecret) })
    .returning();
  await db()
    .insert(schema.sandboxUsers)
    .values([
      { accountId: account!.id, email: creds.owner },
      { accountId: account!.id, email: 'marketing@sandbox.example.com' },
    ]);
  return account!.id;
}

const sandboxIntegrations = () =>
  db().select().from(schema.integrations).where(eq(schema.integrations.isSandbox, true));

describe.each(ENGINES)('the sandbox at start on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('creates the sandbox account, its users and its integration once, however often it runs', async () => {
    await sandbox.ensureSandbox();
    await sandbox.ensureSandbox();
    const accounts = await db().select().from(schema.sandboxAccounts);
    expect(accounts).toHaveLength(1);
    const users = await store.listUsers(accounts[0]!.id);
    expect(users).toEqual(sandbox.SANDBOX_USERS);
    const [integration, ...more] = await sandboxIntegrations();
    expect(more).toEqual([]);
    // The integration signs with the account's own secret: the sandbox accepts what it sends.
    expect(integration).toMatchObject({ name: 'Sandbox', clientId: accounts[0]!.clientId, owner: users[0] });
    expect(integration!.endpoint).toMatch(/\/sandbox$/);
    expect(decryptSecret(integration!.apiSecretEnc)).toBe(decryptSecret(accounts[0]!.apiSecretEnc));
  });

  it('two starts at the same moment still make one sandbox', async () => {
    await Promise.all([sandbox.ensureSandbox(), sandbox.ensureSandbox(), sandbox.ensureSandbox()]);
    expect(await db().select().from(schema.sandboxAccounts)).toHaveLength(1);
    expect(await sandboxIntegrations()).toHaveLength(1);
  });

  it('a later start moves the sandbox integration to the current PUBLIC_URL, and adds no second one', async () => {
    await sandbox.ensureSandbox();
    const [before] = await sandboxIntegrations();
    await db()
      .update(schema.integrations)
      .set({ endpoint: 'http://old.example/sandbox' })
      .where(eq(schema.integrations.id, before!.id));
    await sandbox.ensureSandbox();
    expect(await sandboxIntegrations()).toEqual([before]);
  });
});

describe.each(ENGINES)('the sandbox store on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('finds the account by client ID with its secret readable, and its users in order', async () => {
    const accountId = await seedAccount();
    expect(await store.findAccount(creds.clientId)).toEqual({
      id: accountId,
      clientId: creds.clientId,
      apiSecret: creds.apiSecret,
    });
    expect(await store.findAccount('nope')).toBeUndefined();
    expect(await store.listUsers(accountId)).toEqual([creds.owner, 'marketing@sandbox.example.com']);
  });

  it('looks contacts up by ID and by email in any case, several at once', async () => {
    const accountId = await seedAccount();
    const anna = await store.createContact(accountId, 'Anna@Example.com');
    const bob = await store.createContact(accountId, 'bob@example.com');
    const anonymous = await store.createContact(accountId, null);
    expect(anna.email).toBe('anna@example.com');
    const byId = await store.findContacts(accountId, [anna.id, anonymous.id, 'nope']);
    expect([...byId.values()]).toEqual(expect.arrayContaining([anna, anonymous]));
    expect(byId.size).toBe(2);
    const byEmail = await store.findContactsByEmail(accountId, [
      'ANNA@example.com',
      'bob@example.com',
      'x@y.z',
    ]);
    expect(Object.fromEntries(byEmail)).toEqual({ 'anna@example.com': anna, 'bob@example.com': bob });
    expect((await store.findContacts(accountId, [])).size).toBe(0);
  });

  it('gives each email one contact, even when requests ask for it at the same moment', async () => {
    const accountId = await seedAccount();
    const known = await store.createContact(accountId, 'known@example.com');
    const asked = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.ensureContacts(accountId, ['new@example.com', 'NEW@example.com', 'known@example.com']),
      ),
    );
    const ids = new Set(asked.map((found) => found.get('new@example.com')!.id));
    expect(ids.size).toBe(1);
    expect(asked.every((found) => found.get('known@example.com')!.id === known.id)).toBe(true);
    const rows = await db().select().from(schema.sandboxContacts);
    expect(rows.map((r) => r.email).sort()).toEqual(['known@example.com', 'new@example.com']);
  });

  it('stores events as sent and replaces one on update', async () => {
    const accountId = await seedAccount();
    const anna = await store.createContact(accountId, 'anna@example.com');
    const event = { contactExtEventType: 'CART', date: NOW, value: 9.5, detail1: 'ż' };
    await store.insertEvents(accountId, [
      { id: 'e1', contactId: anna.id, type: 'CART', event, path: '/api/v2/contact/addContactExtEvent' },
    ]);
    const stored = await store.findEvent(accountId, 'e1');
    expect(stored).toMatchObject({ id: 'e1', contactId: anna.id, type: 'CART', event, updatedAt: null });
    expect(await store.findEvent(accountId + 1, 'e1')).toBeUndefined();
    await store.updateEvent(accountId, 'e1', 'PURCHASE', { ...event, contactExtEventType: 'PURCHASE' });
    expect(await store.findEvent(accountId, 'e1')).toMatchObject({
      type: 'PURCHASE',
      event: { contactExtEventType: 'PURCHASE' },
      updatedAt: expect.any(Number),
    });
  });

  it('counts each key on its own', async () => {
    expect([
      await store.bump('a'),
      await store.bump('a'),
      await store.bump('b'),
      await store.bump('a'),
    ]).toEqual([1, 2, 1, 3]);
  });

  it('keeps nothing of a transaction that fails', async () => {
    const accountId = await seedAccount();
    const failed = store.transaction(async () => {
      const made = await store.ensureContacts(accountId, ['gone@example.com']);
      const contactId = made.get('gone@example.com')!.id;
      await store.insertEvents(accountId, [{ id: 'e1', contactId, type: 'CART', event: {}, path: '/' }]);
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await db().select().from(schema.sandboxContacts)).toEqual([]);
    expect(await db().select().from(schema.sandboxEvents)).toEqual([]);
  });
});

describe.each(ENGINES)('the sandbox API on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  const event = (email: string, i: number) => ({
    type: 'PURCHASE' as const,
    email,
    date: NOW - i,
    externalId: String(i),
  });

  it('stores a batch of 1000 events, creating only the magic contacts it does not know', async () => {
    const accountId = await seedAccount();
    await store.createContact(accountId, 'anna@example.com');
    const events = Array.from({ length: 1000 }, (_, i) =>
      event(['anna@example.com', 'sandbox+slow@example.com', 'nobody@example.com'][i % 3]!, i),
    );
    const req = buildBatchAddRequest(creds, events, NOW);
    const reply = await handleSandboxApi(req.path, JSON.stringify(req.body), store, NOW);
    expect(reply.json).toMatchObject({ success: true, createdAmount: 667, failedAmount: 333 });
    expect(reply.delayMs).toBeGreaterThan(0); // the slow magic contact decided the answer
    const contacts = await db().select().from(schema.sandboxContacts);
    expect(contacts.map((c) => c.email).sort()).toEqual(['anna@example.com', 'sandbox+slow@example.com']);
    expect(await db().select().from(schema.sandboxEvents)).toHaveLength(667);
  });

  it('a single add creates its contact once when two arrive together, and an update replaces the event', async () => {
    await seedAccount();
    const add = () => {
      const req = buildAddEventRequest(creds, event('new@example.com', 1), NOW);
      return handleSandboxApi(req.path, JSON.stringify(req.body), store, NOW);
    };
    const replies = await Promise.all([add(), add()]);
    expect(replies.map((r) => (r.json as { success: boolean }).success)).toEqual([true, true]);
    expect(await db().select().from(schema.sandboxContacts)).toHaveLength(1);
    const eventId = (replies[0]!.json as { eventId: string }).eventId;
    const update = buildUpdateEventRequest(creds, { ...event('new@example.com', 1), value: 5, eventId }, NOW);
    const updated = await handleSandboxApi(update.path, JSON.stringify(update.body), store, NOW);
    expect(updated.json).toMatchObject({ success: true, eventId });
    expect((await store.findEvent(1, eventId))?.event).toMatchObject({ value: 5 });
  });
});

describe.each(ENGINES)('the sandbox around the console on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('the live test page has one contact, created on first use', async () => {
    expect(await sandbox.ensureSandboxTestContact()).toBeUndefined();
    await sandbox.ensureSandbox();
    const first = await sandbox.ensureSandboxTestContact();
    expect(await sandbox.ensureSandboxTestContact()).toBe(first);
    expect(await db().select().from(schema.sandboxContacts)).toEqual([
      expect.objectContaining({ id: first, email: sandbox.LIVE_TEST_EMAIL }),
    ]);
  });

  it('a visitor keeps the contact its cookie names; an unknown or missing one gets a new one', async () => {
    const accountId = await seedAccount();
    const first = await sandbox.identifySandboxVisitor(accountId, '');
    expect(await sandbox.identifySandboxVisitor(accountId, first)).toBe(first);
    expect(await sandbox.identifySandboxVisitor(accountId, 'forged')).not.toBe(first);
    expect(await db().select().from(schema.sandboxContacts)).toHaveLength(2);
  });

  it('remembers the last page view per client ID', async () => {
    expect(await sandbox.lastSandboxVisit('sbx1')).toBeUndefined();
    await sandbox.recordSandboxVisit('sbx1', 'https://shop.example/a', 'ua');
    await sandbox.recordSandboxVisit('sbx2', 'https://other.example/', null);
    await sandbox.recordSandboxVisit('sbx1', 'https://shop.example/b', 'ua');
    // Two visits in one millisecond: the later one still wins.
    expect(await sandbox.lastSandboxVisit('sbx1')).toEqual({
      url: 'https://shop.example/b',
      at: expect.any(Number),
    });
  });

  it('a new API secret makes the sandbox refuse the old one', async () => {
    await expect(sandbox.setSandboxSecret({ apiSecret: 'n'.repeat(32) })).rejects.toThrow(
      'no sandbox account',
    );
    await seedAccount();
    await sandbox.setSandboxSecret({ apiSecret: 'n'.repeat(32) });
    expect((await store.findAccount(creds.clientId))?.apiSecret).toBe('n'.repeat(32));
  });
});
