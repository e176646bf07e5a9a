import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';

import { getDb, preparedStatement, schema } from '@/db';
import { config } from '@/lib/config';
import { decryptSecret, encryptSecret, secretHint } from '@/lib/crypto';
import { NotFoundError } from '@/lib/errors';
import type { SandboxStore } from '@/lib/sandbox/store';
import { sandboxSecretSchema } from '@/lib/validations/sandbox';
import { parseOrThrow } from '@/lib/validations/parse';
import { newCollectorKey } from './integrations';

/** The sandbox account's users: the first is the owner the Sandbox integration uses. */
export const SANDBOX_USERS = ['owner@sandbox.example.com', 'marketing@sandbox.example.com'];

// A batch of 400 events looks up 400 contacts: a statement prepared once, not a query built each time.
const contactByEmail = preparedStatement<[number, string]>(
  'select id, email from sandbox_contacts where account_id = ? and email = ? limit 1',
);

export const sandboxStore: SandboxStore = {
  findAccount(clientId) {
    const row = getDb()
      .select()
      .from(schema.sandboxAccounts)
      .where(eq(schema.sandboxAccounts.clientId, clientId))
      .get();
    return row
      ? { id: row.id, clientId: row.clientId, apiSecret: decryptSecret(row.apiSecretEnc) }
      : undefined;
  },
  listUsers(accountId) {
    return getDb()
      .select({ email: schema.sandboxUsers.email })
      .from(schema.sandboxUsers)
      .where(eq(schema.sandboxUsers.accountId, accountId))
      .orderBy(schema.sandboxUsers.id)
      .all()
      .map((u) => u.email);
  },
  findContactByEmail(accountId, email) {
    const row = contactByEmail().get(accountId, email.toLowerCase()) as
      { id: string; email: string | null } | undefined;
    return row ? { id: row.id, email: row.email } : undefined;
  },
  findContact(accountId, id) {
    const row = getDb()
      .select()
      .from(schema.sandboxContacts)
      .where(and(eq(schema.sandboxContacts.accountId, accountId), eq(schema.sandboxContacts.id, id)))
      .get();
    return row ? { id: row.id, email: row.email } : undefined;
  },
  createContact(accountId, email) {
    const id = randomUUID();
    getDb()
      .insert(schema.sandboxContacts)
      .values({ id, accountId, email: email?.toLowerCase() ?? null })
      .run();
    return { id, email };
  },
  insertEvents(accountId, events) {
    if (events.length === 0) return;
    getDb()
      .insert(schema.sandboxEvents)
      .values(events.map((e) => ({ ...e, accountId })))
      .run();
  },
  findEvent(accountId, id) {
    const row = getDb()
      .select()
      .from(schema.sandboxEvents)
      .where(and(eq(schema.sandboxEvents.accountId, accountId), eq(schema.sandboxEvents.id, id)))
      .get();
    return row ? { ...row, event: row.event as Record<string, unknown> } : undefined;
  },
  updateEvent(accountId, id, type, event) {
    getDb()
      .update(schema.sandboxEvents)
      .set({ type, event, updatedAt: Date.now() })
      .where(and(eq(schema.sandboxEvents.accountId, accountId), eq(schema.sandboxEvents.id, id)))
      .run();
  },
  bump(key) {
    const row = getDb()
      .insert(schema.sandboxCounters)
      .values({ key, count: 1 })
      .onConflictDoUpdate({
        target: schema.sandboxCounters.key,
        set: { count: sql`${schema.sandboxCounters.count} + 1` },
      })
      .returning()
      .get();
    return row.count;
  },
};

/**
 * First start: a sandbox account (its own client ID, API secret and users) and a "Sandbox"
 * integration wired to it, so a newcomer can verify and send without a SALESmanago account.
 * Later starts keep the sandbox integration's endpoint in step with PUBLIC_URL.
 */
export async function ensureSandbox(): Promise<void> {
  const db = getDb();
  const sandboxUrl = config().sandboxUrl;
  db.transaction(
    (tx) => {
      const existing = tx
        .select()
        .from(schema.integrations)
        .where(eq(schema.integrations.isSandbox, true))
        .all();
      for (const row of existing) {
        if (row.endpoint !== sandboxUrl) {
          tx.update(schema.integrations)
            .set({ endpoint: sandboxUrl })
            .where(eq(schema.integrations.id, row.id))
            .run();
        }
      }
      if (tx.select({ id: schema.sandboxAccounts.id }).from(schema.sandboxAccounts).get()) return;

      const clientId = `sbx${randomBytes(8).toString('hex').slice(0, 13)}`;
      const apiSecret = randomBytes(24).toString('hex');
      const apiKey = randomBytes(16).toString('hex');
      const account = tx
        .insert(schema.sandboxAccounts)
        .values({ clientId, apiSecretEnc: encryptSecret(apiSecret) })
        .returning()
        .get();
      tx.insert(schema.sandboxUsers)
        .values(SANDBOX_USERS.map((email) => ({ accountId: account.id, email })))
        .run();
      if (existing.length === 0) {
        tx.insert(schema.integrations)
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
          })
          .run();
      }
    },
    { behavior: 'immediate' },
  );
}

export async function recordSandboxVisit(
  clientId: string,
  url: string,
  userAgent: string | null,
): Promise<void> {
  getDb()
    .insert(schema.sandboxVisits)
    .values({ clientId, url: url.slice(0, 2048), userAgent: userAgent?.slice(0, 512) ?? null })
    .run();
}

export function lastSandboxVisitSync(clientId: string): { url: string; at: number } | undefined {
  const row = getDb()
    .select()
    .from(schema.sandboxVisits)
    .where(eq(schema.sandboxVisits.clientId, clientId))
    .orderBy(desc(schema.sandboxVisits.createdAt), desc(schema.sandboxVisits.id))
    .get();
  return row ? { url: row.url, at: row.createdAt } : undefined;
}

export const LIVE_TEST_EMAIL = 'live-test@example.com';

/** The sandbox contact the live test page identifies as (its smclient cookie), created on first use. */
export async function ensureSandboxTestContact(): Promise<string | undefined> {
  const account = getDb().select().from(schema.sandboxAccounts).orderBy(schema.sandboxAccounts.id).get();
  if (!account) return undefined;
  const existing = sandboxStore.findContactByEmail(account.id, LIVE_TEST_EMAIL);
  return (existing ?? sandboxStore.createContact(account.id, LIVE_TEST_EMAIL)).id;
}

/** The visitor's sandbox contact: the one its smclient cookie names, or a new anonymous contact. */
export function identifySandboxVisitor(accountId: number, smclient: string): string {
  const known = smclient ? sandboxStore.findContact(accountId, smclient) : undefined;
  return (known ?? sandboxStore.createContact(accountId, null)).id;
}

/**
 * Gives the sandbox account a new API secret, as an account holder does in SALESmanago: from then on
 * the sandbox refuses every integration still signing with the old one (a rotated secret, rehearsed).
 */
export async function setSandboxSecret(input: unknown): Promise<void> {
  const { apiSecret } = parseOrThrow(sandboxSecretSchema, input);
  const account = getDb().select().from(schema.sandboxAccounts).orderBy(schema.sandboxAccounts.id).get();
  if (!account) throw new NotFoundError('There is no sandbox account.');
  getDb()
    .update(schema.sandboxAccounts)
    .set({ apiSecretEnc: encryptSecret(apiSecret) })
    .where(eq(schema.sandboxAccounts.id, account.id))
    .run();
}
