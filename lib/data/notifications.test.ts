import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from './engine';
import {
  deleteWebhook,
  getPreferences,
  listWebhooks,
  notificationSettings,
  savePreferences,
  saveWebhook,
  updateNotificationSettings,
  webhookForSending,
} from './notification-settings';
import {
  claimNotice,
  digestRecipients,
  finishNotice,
  incidentsToNotify,
  noticeRecords,
  noticesToRetry,
  noticeTargets,
  recentNotifications,
  recordedKeys,
  takeNotice,
  type NewNotice,
} from './notifications';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

process.env.APP_SECRET_KEY ??= 'notifications-test-key-that-is-long-enough';

const T0 = 1_800_000_000_000;
let ana: number;
let ben: number;

async function seedUser(email: string): Promise<number> {
  const [row] = await db()
    .insert(schema.users)
    .values({ email, role: 'marketer', passwordHash: 'x', updatedAt: 0 })
    .returning();
  return row!.id;
}

const notice = (dedupeKey: string, values: Partial<NewNotice> = {}): NewNotice => ({
  dedupeKey,
  kind: 'opened',
  channel: 'email',
  recipient: 'ana@example.com',
  message: { subject: 'Opened', text: 'It broke.' },
  ...values,
});

describe.each(ENGINES)('notification settings and records on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    ana = await seedUser('ana@example.com');
    ben = await seedUser('ben@example.com');
  });

  it('the reminder interval: the default until saved, then what was saved', async () => {
    expect(await notificationSettings()).toEqual({ reminderHours: 4 });
    await updateNotificationSettings({ reminderHours: 12 });
    expect(await notificationSettings()).toEqual({ reminderHours: 12 });
    await expect(updateNotificationSettings({ reminderHours: 0 })).rejects.toThrow();
  });

  it("a person's opt-ins are replaced whole, keep when they started, and refuse a deleted integration", async () => {
    const shop = await addTestIntegration({ name: 'Beta shop' });
    const other = await addTestIntegration({ name: 'Alpha shop' });
    await savePreferences(ana, { digest: true, integrationIds: [shop, other, shop] });
    const [first] = await db()
      .select()
      .from(schema.incidentSubscriptions)
      .where(eq(schema.incidentSubscriptions.integrationId, shop));
    const saved = await savePreferences(ana, { digest: false, integrationIds: [shop] });
    expect(saved).toMatchObject({
      digest: false,
      integrationIds: [shop],
      integrations: [
        { id: other, name: 'Alpha shop', subscribed: false },
        { id: shop, name: 'Beta shop', subscribed: true },
      ],
    });
    const [kept] = await db().select().from(schema.incidentSubscriptions);
    expect(kept?.createdAt).toBe(first?.createdAt);
    await expect(savePreferences(ana, { digest: true, integrationIds: [shop + 100] })).rejects.toThrow(
      /no longer exists/,
    );
    expect((await getPreferences(ana)).digest).toBe(false);
    expect(await getPreferences(ben)).toMatchObject({ digest: false, integrationIds: [] });
  });

  it('one webhook per scope: a new one gets its secret once, a change keeps it unless replaced', async () => {
    const shop = await addTestIntegration();
    const created = await saveWebhook({ integrationId: null, url: 'https://hooks.example.com/a' });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.webhook.secretHint).toBe(created.secret!.slice(-4));
    const moved = await saveWebhook({ integrationId: null, url: 'https://hooks.example.com/b' });
    expect(moved).toEqual({
      webhook: expect.objectContaining({ id: created.webhook.id, url: 'https://hooks.example.com/b' }),
    });
    expect((await webhookForSending(created.webhook.id)).secret).toBe(created.secret);
    const renewed = await saveWebhook({
      integrationId: null,
      url: 'https://hooks.example.com/b',
      newSecret: true,
    });
    expect(renewed.secret).not.toBe(created.secret);
    const scoped = await saveWebhook({ integrationId: shop, url: 'https://hooks.example.com/c' });
    await expect(
      saveWebhook({ integrationId: shop + 100, url: 'https://hooks.example.com/d' }),
    ).rejects.toThrow(/integration does not exist/);
    expect((await listWebhooks()).map((w) => w.id)).toEqual([created.webhook.id, scoped.webhook.id]);
    expect(JSON.stringify(await listWebhooks())).not.toContain('whsec_');
    await deleteWebhook(created.webhook.id);
    await expect(deleteWebhook(created.webhook.id)).rejects.toThrow(/does not exist/);
    await expect(webhookForSending(created.webhook.id)).rejects.toThrow(/does not exist/);
  });

  it("saves of a scope's first webhook at once make one webhook, whose secret one of them was shown", async () => {
    const scopes = [null, ...(await Promise.all([1, 2, 3, 4].map(() => addTestIntegration())))];
    const saves = await Promise.all(
      scopes.flatMap((integrationId) =>
        ['a', 'b', 'c'].map((n) => saveWebhook({ integrationId, url: `https://hooks.example.com/${n}` })),
      ),
    );
    expect(await listWebhooks()).toHaveLength(scopes.length);
    const shown = saves.flatMap((s) => (s.secret ? [s.secret] : []));
    expect(shown).toHaveLength(scopes.length);
    for (const w of await listWebhooks()) expect(shown).toContain((await webhookForSending(w.id)).secret);
  });

  it('targets: email opt-ins only when email is on, and every webhook; digest recipients', async () => {
    const shop = await addTestIntegration();
    await savePreferences(ana, { digest: true, integrationIds: [shop] });
    const { webhook } = await saveWebhook({ integrationId: null, url: 'https://hooks.example.com/a' });
    expect((await noticeTargets(false)).map((t) => t.key)).toEqual([`webhook:${webhook.id}`]);
    expect(await noticeTargets(true)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: `email:user:${ana}`,
          integrationId: shop,
          address: 'ana@example.com',
        }),
        expect.objectContaining({ key: `webhook:${webhook.id}`, integrationId: null }),
      ]),
    );
    expect(await digestRecipients()).toEqual([
      expect.objectContaining({ userId: ana, email: 'ana@example.com' }),
    ]);
  });

  it('a notice is claimed once, taken once when due, and finished with how it went', async () => {
    const first = await claimNotice(notice('k1', { userId: ana }), T0, T0 + 60_000);
    expect(first).toMatchObject({ status: 'pending', subject: 'Opened', nextAttemptAt: T0 + 60_000 });
    expect(await claimNotice(notice('k1'), T0 + 1, T0 + 60_000)).toBeUndefined();
    expect(await recordedKeys(['k1', 'k2'])).toEqual(new Set(['k1']));
    expect(await noticesToRetry(T0 + 59_999)).toEqual([]);
    const [due] = await noticesToRetry(T0 + 60_000);
    const taken = await takeNotice(due!, T0 + 60_000, T0 + 120_000);
    expect(taken?.nextAttemptAt).toBe(T0 + 120_000);
    expect(await takeNotice(due!, T0 + 60_000, T0 + 120_000)).toBeUndefined();
    const retrying = await finishNotice(
      first!.id,
      { status: 'retrying', error: 'timeout', nextAttemptAt: T0 + 5 },
      T0 + 3,
    );
    expect(retrying).toMatchObject({ status: 'retrying', attempts: 1, error: 'timeout', sentAt: null });
    const sent = await finishNotice(first!.id, { status: 'sent' }, T0 + 6);
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 2,
      error: null,
      nextAttemptAt: null,
      sentAt: T0 + 6,
    });
  });

  it('records per incident and target, incidents still to notify, and who sees which notices', async () => {
    const shop = await addTestIntegration();
    const values = {
      integrationId: shop,
      integrationName: 'Shop',
      summary: 's',
      firstSeenAt: T0,
      lastSeenAt: T0,
    };
    const [open, recent, old] = await db()
      .insert(schema.incidents)
      .values([
        { ...values, cause: 'backlog' as const, state: 'open' as const },
        { ...values, cause: 'credentials' as const, state: 'resolved' as const, resolvedAt: T0 + 10 },
        { ...values, cause: 'failure-rate' as const, state: 'resolved' as const, resolvedAt: T0 - 10 },
      ])
      .returning();
    expect((await incidentsToNotify(T0)).map((i) => i.id).sort()).toEqual([open!.id, recent!.id].sort());
    const { webhook: hook } = await saveWebhook({ integrationId: null, url: 'https://hooks.example.com/a' });
    await claimNotice(notice('a', { incidentId: open!.id, userId: ana, sequence: 2 }), T0, T0);
    await claimNotice(notice('b', { incidentId: open!.id, channel: 'webhook', webhookId: hook.id }), T0, T0);
    await claimNotice(notice('c', { incidentId: open!.id, kind: 'test', userId: ana }), T0, T0);
    await claimNotice(notice('d', { incidentId: old!.id, userId: ben }), T0, T0);
    expect((await noticeRecords([open!.id])).map((r) => [r.targetKey, r.sequence]).sort()).toEqual([
      [`email:user:${ana}`, 2],
      [`webhook:${hook.id}`, 0],
    ]);
    expect(await noticeRecords([])).toEqual([]);
    expect((await recentNotifications({ userId: null, all: true }, 2)).map((n) => n.recipient)).toHaveLength(
      2,
    );
    expect((await recentNotifications({ userId: ben, all: false })).map((n) => n.incidentId)).toEqual([
      old!.id,
    ]);
    expect(await recentNotifications({ userId: null, all: false })).toEqual([]);
  });
});
