import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';

import { schema } from '@/db';
import { config } from '@/lib/config';
import { decryptSecret, encryptSecret, secretHint } from '@/lib/crypto';
import { NotFoundError } from '@/lib/errors';
import type { SandboxContact, SandboxStore } from '@/lib/sandbox/store';
import { sandboxSecretSchema } from '@/lib/validations/sandbox';
import { parseOrThrow } from '@/lib/validations/parse';
import { db, lockForTransaction, withTransaction } from './engine';
import { newCollectorKey } from './integrations';

/** The sandbox account's users: the first is the owner the Sandbox integration uses. */
export const SANDBOX_USERS = ['owner@sandbox.example.com', 'marketing@sandbox.example.com'];

/** The account's contacts whose `key` is one of `values`, keyed by it; the oldest wins where an email has two. */
async function contactsBy(key: 'id' | 'email', accountId: number, values: readonly string[]) {
  const map = new Map<string, SandboxContact>();
  if (values.length === 0) return map;
  const c = schema.sandboxContacts;
  const rows = await db()
    .select({ id: c.id, email: c.email })
    .from(c)
    .where(and(eq(c.accountId, accountId), inArray(c[key], [...new Set(values)])))
    .orderBy(asc(c.createdAt), asc(c.id));
  for (const row of rows) if (!map.has(row[key]!)) map.set(row[key]!, row);
  return map;
}

export const sandboxStore: SandboxStore = {
  async findAccount(clientId) {
    const [row] = await db()
      .select()
      .from(schema.sandboxAccounts)
      .where(eq(schema.sandboxAccounts.clientId, clientId))
      .limit(1);
    return row
      ? { id: row.id, clientId: row.clientId, apiSecret: decryptSecret(row.apiSecretEnc) }
      : undefined;
  },
  async listUsers(accountId) {
    const rows = await db()
      .select({ email: schema.sandboxUsers.email })
      .from(schema.sandboxUsers)
      .where(eq(schema.sandboxUsers.accountId, accountId))
      .orderBy(schema.sandboxUsers.id);
    return rows.map((u) => u.email);
  },
  findContacts: (accountId, ids) => contactsBy('id', accountId, ids),
  findContactsByEmail: (accountId, emails) =>
    contactsBy(
      'email',
      accountId,
      emails.map((e) => e.toLowerCase()),
    ),
  ensureContacts(accountId, emails) {
    const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
    if (wanted.length === 0) return Promise.resolve(new Map());
    return withTransaction(async () => {
      await lockForTransaction(`sandbox-contacts:${accountId}`);
      const found = await contactsBy('email', accountId, wanted);
      const missing = wanted
        .filter((email) => !found.has(email))
        .map((email) => ({ id: randomUUID(), accountId, email }));
      if (missing.length) await db().insert(schema.sandboxContacts).values(missing);
      for (const { id, email } of missing) found.set(email, { id, email });
      return found;
    });
  },
  async createContact(accountId, email) {
    const contact = { id: randomUUID(), email: email?.toLowerCase() ?? null };
    await db()
      .insert(schema.sandboxContacts)
      .values({ ...contact, accountId });
    return contact;
  },
  async insertEvents(accountId, events) {
    if (events.length === 0) return;
    // One statement for the whole batch: 1000 rows of 7 values stay under both engines' parameter limits.
    await db()
      .insert(schema.sandboxEvents)
      .values(events.map((e) => ({ ...e, accountId })));
  },
  async findEvent(accountId, id) {
    const e = schema.sandboxEvents;
    const [row] = await db()
      .select()
      .from(e)
      .where(and(eq(e.accountId, accountId), eq(e.id, id)))
      .limit(1);
    return row ? { ...row, event: row.event as Record<string, unknown> } : undefined;
  },
  async updateEvent(accountId, id, type, event) {
    const e = schema.sandboxEvents;
    await db()
      .update(e)
      .set({ type, event, updatedAt: Date.now() })
      .where(and(eq(e.accountId, accountId), eq(e.id, id)));
  },
  async bump(key) {
    const counters = schema.sandboxCounters;
    const [row] = await db()
      .insert(counters)
      .values({ key, count: 1 })
      .onConflictDoUpdate({ target: counters.key, set: { count: sql`${counters.count} + 1` } })
      .returning();
    return row!.count;
  },
  transaction: (fn) => withTransaction(() => fn()),
};

/**
 * First start: a sandbox account (its own client ID, API secret and users) and a "Sandbox"
 * integration wired to it, so a newcomer can verify and send without a SALESmanago account.
 * Later starts keep the sandbox integration's endpoint in step with PUBLIC_URL. Instances starting
 * together make one sandbox: the check and the creation run under one lock.
 */
export async function ensureSandbox(): Promise<void> {
  const sandboxUrl = config().sandboxUrl;
  await withTransaction(async () => {
    await lockForTransaction('sandbox-setup');
    const integrations = schema.integrations;
    const existing = await db()
      .select({ id: integrations.id, endpoint: integrations.endpoint })
      .from(integrations)
      .where(eq(integrations.isSandbox, true));
    const stale = existing.filter((row) => row.endpoint !== sandboxUrl).map((row) => row.id);
    if (stale.length) {
      await db().update(integrations).set({ endpoint: sandboxUrl }).where(inArray(integrations.id, stale));
    }
    if (await sandboxAccountRow()) return;

    const clientId = `sbx${randomBytes(8).toString('hex').slice(0, 13)}`;
    const apiSecret = randomBytes(24).toString('hex');
    const apiKey = randomBytes(16).toString('hex');
    const [account] = await db()
      .insert(schema.sandboxAccounts)
      .values({ clientId, apiSecretEnc: encryptSecret(apiSecret) })
      .returning();
    await db()
      .insert(schema.sandboxUsers)
      .values(SANDBOX_USERS.map((email) => ({ accountId: account!.id, email })));
    if (existing.length === 0) {
      await db()
        .insert(integrations)
        .values({
          name: 'Sandbox',
          endpoint: sandboxUrl,
          clientId,
          owner: SANDBOX_USERS[0]!,
          apiKeyEnc: encryptSecret(apiKey),
          apiKeyHint: secretHint(apiKey),
          apiSecretEnc: encryptSecret(apiSecret),
          apiSecretHint: secretHint(apiSecret),
          isSandbox: true,
          collectorKey: newCollectorKey(),
          updatedAt: Date.now(),
        });
    }
  });
}

/** The sandbox has one account (created at first start); undefined only before bootstrap ran. */
export async function sandboxAccountRow() {
  const [row] = await db().select().from(schema.sandboxAccounts).orderBy(schema.sandboxAccounts.id).limit(1);
  return row;
}

export async function recordSandboxVisit(
  clientId: string,
  url: string,
  userAgent: string | null,
): Promise<void> {
  await db()
    .insert(schema.sandboxVisits)
    .values({ clientId, url: url.slice(0, 2048), userAgent: userAgent?.slice(0, 512) ?? null });
}

/** Where and when the sandbox's sm.js last reported a page view for this client ID. */
export async function lastSandboxVisit(clientId: string): Promise<{ url: string; at: number } | undefined> {
  const v = schema.sandboxVisits;
  const [row] = await db()
    .select({ url: v.url, at: v.createdAt })
    .from(v)
    .where(eq(v.clientId, clientId))
    .orderBy(desc(v.createdAt), desc(v.id))
    .limit(1);
  return row;
}

export const LIVE_TEST_EMAIL = 'live-test@example.com';

/** The sandbox contact the live test page identifies as (its smclient cookie), created on first use. */
export async function ensureSandboxTestContact(): Promise<string | undefined> {
  const account = await sandboxAccountRow();
  if (!account) return undefined;
  return (await sandboxStore.ensureContacts(account.id, [LIVE_TEST_EMAIL])).get(LIVE_TEST_EMAIL)!.id;
}

/** The visitor's sandbox contact: the one its smclient cookie names, or a new anonymous contact. */
export async function identifySandboxVisitor(accountId: number, smclient: string): Promise<string> {
  const known = smclient ? (await sandboxStore.findContacts(accountId, [smclient])).get(smclient) : undefined;
  return (known ?? (await sandboxStore.createContact(accountId, null))).id;
}

/**
 * Gives the sandbox account a new API secret, as an account holder does in SALESmanago: from then on
 * the sandbox refuses every integration still signing with the old one (a rotated secret, rehearsed).
 */
export async function setSandboxSecret(input: unknown): Promise<void> {
  const { apiSecret } = parseOrThrow(sandboxSecretSchema, input);
  const account = await sandboxAccountRow();
  if (!account) throw new NotFoundError('There is no sandbox account.');
  await db()
    .update(schema.sandboxAccounts)
    .set({ apiSecretEnc: encryptSecret(apiSecret) })
    .where(eq(schema.sandboxAccounts.id, account.id));
}
