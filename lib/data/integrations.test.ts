import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'integrations-test-key-that-is-long-enough';

const { schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const { NotFoundError, ValidationError } = await import('@/lib/errors');
const { db } = await import('./engine');
const { ENGINES, testOnEngine } = await import('./test-helpers');
const { observeIncident } = await import('./incident-writes');
const {
  createIntegration,
  deleteIntegration,
  getCredentials,
  getIntegration,
  getIntegrationRow,
  listIntegrations,
  saveVerification,
  setUnknownOutcome,
  updateIntegration,
} = await import('./integrations');

const API_KEY = 'key-0123456789abcdef';
const API_SECRET = 'secret-0123456789abcdef';
const input = (name: string) => ({
  name,
  endpoint: 'app3.salesmanago.com',
  clientId: 'client123',
  owner: 'owner@shop.example',
  apiKey: API_KEY,
  apiSecret: API_SECRET,
});

async function openIncident(
  integrationId: number,
  cause: 'credentials' | 'failure-rate',
  firstSeenAt: number,
) {
  const [row] = await db()
    .insert(schema.incidents)
    .values({
      integrationId,
      integrationName: 'Shop',
      cause,
      state: 'open',
      summary: `${cause} seen`,
      firstSeenAt,
      lastSeenAt: firstSeenAt,
    })
    .returning();
  return row!.id;
}

describe.each(ENGINES)('integrations on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('stores the secrets encrypted: the view has hints for admins only, the row decrypts for signing', async () => {
    const created = await createIntegration(input('Shop'), 'admin');
    expect(created).toMatchObject({
      name: 'Shop',
      endpoint: 'https://app3.salesmanago.com',
      host: 'app3.salesmanago.com',
      isSandbox: false,
      apiKeyHint: expect.any(String),
      verification: null,
      unknownOutcome: { valueTypes: 'ask', otherTypes: 'retry' },
      sending: { paused: false },
      openIncidents: [],
    });
    expect(created.collector.key).toMatch(/^ck_/);
    const marketer = await getIntegration(created.id, 'marketer');
    expect(marketer.apiKeyHint).toBeUndefined();
    expect(JSON.stringify([created, marketer])).not.toMatch(new RegExp(`${API_KEY}|${API_SECRET}`));
    const row = await getIntegrationRow(created.id);
    expect(row.apiKeyEnc).not.toContain(API_KEY);
    expect(getCredentials(row)).toEqual({
      clientId: 'client123',
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      owner: 'owner@shop.example',
    });
  });

  it('lists by name with each integration’s open incidents; a credentials incident pauses its sending', async () => {
    const b = await createIntegration(input('Beta'), 'admin');
    const a = await createIntegration(input('Alpha'), 'admin');
    const credentials = await openIncident(b.id, 'credentials', 1_000);
    const rate = await openIncident(b.id, 'failure-rate', 2_000);
    const list = await listIntegrations('viewer');
    expect(list.map((i) => i.name)).toEqual(['Alpha', 'Beta']);
    expect(list[0]).toMatchObject({ id: a.id, openIncidents: [], sending: { paused: false } });
    expect(list[1]?.openIncidents.map((i) => i.id)).toEqual([credentials, rate]);
    expect(list[1]?.sending).toMatchObject({ paused: true, pausedBy: 'credentials', since: 1_000 });
    expect((await getIntegration(b.id, 'viewer')).openIncidents.map((i) => i.cause)).toEqual([
      'credentials',
      'failure-rate',
    ]);
  });

  it('an edit of the credentials drops the last verification; other edits keep it', async () => {
    const { id } = await createIntegration(input('Shop'), 'admin');
    await saveVerification(await getIntegrationRow(id), { ok: true, checks: [], users: ['a@shop.example'] });
    expect(
      (await updateIntegration(id, { name: 'Shop 2', owner: 'owner@shop.example' }, 'admin')).verification,
    ).toMatchObject({ status: 'ok' });
    const edited = await updateIntegration(id, { apiKey: 'key-new-0123456789abc' }, 'admin');
    expect(edited).toMatchObject({ name: 'Shop 2', verification: null });
    expect(getCredentials(await getIntegrationRow(id)).apiKey).toBe('key-new-0123456789abc');
    await expect(updateIntegration(404, { name: 'X' }, 'admin')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps the unknown-outcome policy; refuses a bad one and a missing integration', async () => {
    const { id } = await createIntegration(input('Shop'), 'admin');
    expect(
      (await setUnknownOutcome(id, { valueTypes: 'retry', otherTypes: 'ask' }, 'admin')).unknownOutcome,
    ).toEqual({
      valueTypes: 'retry',
      otherTypes: 'ask',
    });
    await expect(
      setUnknownOutcome(id, { valueTypes: 'never', otherTypes: 'ask' }, 'admin'),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      setUnknownOutcome(404, { valueTypes: 'ask', otherTypes: 'ask' }, 'admin'),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deleting an integration resolves its open incidents, which stay by name', async () => {
    const { id } = await createIntegration(input('Shop'), 'admin');
    const incident = await openIncident(id, 'credentials', 1_000);
    await deleteIntegration(id, { id: 1, label: 'admin@example.com' });
    await expect(getIntegrationRow(id)).rejects.toBeInstanceOf(NotFoundError);
    const [kept] = await db().select().from(schema.incidents).where(eq(schema.incidents.id, incident));
    expect(kept).toMatchObject({
      state: 'resolved',
      integrationId: null,
      integrationName: 'Shop',
      resolvedByLabel: 'admin@example.com',
    });
    await expect(deleteIntegration(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes racing each other and an incident check: one delete, 404s, no incident left open', async () => {
    const { id } = await createIntegration(input('Shop'), 'admin');
    await openIncident(id, 'credentials', 1_000);
    const backlog = { integrationId: id, cause: 'backlog' as const, summary: '9 waiting', affected: 9 };
    const results = await Promise.allSettled([
      deleteIntegration(id),
      observeIncident(backlog, 2_000),
      deleteIntegration(id),
      observeIncident(backlog, 3_000),
    ]);
    const deletes = [results[0], results[2]];
    expect(deletes.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of [...deletes, results[1], results[3]])
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(NotFoundError);
    const open = await db().select().from(schema.incidents).where(eq(schema.incidents.state, 'open'));
    expect(open).toEqual([]);
  });
});
