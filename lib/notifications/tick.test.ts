import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { openDb, schema, setDbForTests, type Db } from '@/db';
import { reloadConfig } from '@/lib/config';
import { encryptSecret } from '@/lib/crypto';
import { claimNotice } from '@/lib/data/notifications';
import { saveWebhook, savePreferences, updateNotificationSettings } from '@/lib/data/notification-settings';
import { insertTestIntegration } from '@/lib/data/test-helpers';
import { REASONS } from '@/lib/salesmanago/messages';
import { renderIncidentNotice } from './render';
import { sendTestEmail, sendTestWebhook } from './test-send';
import { insertIncident, startReceiver, startSmtp, verifySignature, type ReceivedMail } from './test-helpers';
import { notificationTick } from './tick';

process.env.APP_SECRET_KEY = 'notifications-test-key-long-enough-0001';

const API_KEY = 'nt-apikey-Z81kq';
const API_SECRET = 'nt-apisecret-Qp93x';
const CLIENT_ID = 'nt-client';
const SHA = createHash('sha1')
  .update(API_KEY + CLIENT_ID + API_SECRET)
  .digest('hex');
const CONTACT = 'jan.kowalski@example.org';
const OWNER = 'owner.person@example.net';
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 11, 2, 10, 0); // a Wednesday

let db: Db;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let shop: number;
let mark: number;
let globalSecret: string;
let shopSecret: string;

/** Nothing private may leave in a notice: credentials, the sha, a contact's or the owner's email. */
function expectNothingPrivate(text: string) {
  for (const s of [API_KEY, API_SECRET, SHA, CONTACT, OWNER]) expect(text).not.toContain(s);
}

const rows = () => db.select().from(schema.notifications).orderBy(schema.notifications.id).all();

beforeAll(async () => {
  smtp = await startSmtp();
  afterAll(smtp.close);
  receiver = await startReceiver();
  afterAll(receiver.close);
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  process.env.ALERT_FROM = 'Console <alerts@example.com>';
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
  process.env.PUBLIC_URL = 'https://console.example.com';
  reloadConfig();
});

beforeEach(async () => {
  db = openDb(':memory:');
  setDbForTests(db);
  smtp.mails.length = 0;
  receiver.hooks.length = 0;
  receiver.answers.length = 0;
  shop = insertTestIntegration(db, {
    name: 'Shop',
    clientId: CLIENT_ID,
    owner: OWNER,
    apiKeyEnc: encryptSecret(API_KEY),
    apiSecretEnc: encryptSecret(API_SECRET),
  });
  insertTestIntegration(db, { name: 'Blog' });
  const user = (email: string, role: 'admin' | 'marketer') =>
    db.insert(schema.users).values({ email, role, passwordHash: 'x', updatedAt: 0 }).returning().get().id;
  user('ada@example.com', 'admin');
  mark = user('mark@example.com', 'marketer');
  await savePreferences(mark, { digest: false, integrationIds: [shop] });
  globalSecret = (await saveWebhook({ integrationId: null, url: receiver.url('/all') })).secret!;
  shopSecret = (await saveWebhook({ integrationId: shop, url: receiver.url('/shop') })).secret!;
  // The listeners started before the incidents below.
  db.update(schema.incidentSubscriptions)
    .set({ createdAt: T0 - HOUR })
    .run();
  db.update(schema.notificationWebhooks)
    .set({ createdAt: T0 - HOUR })
    .run();
});

function credentialsIncident(values: Partial<typeof schema.incidents.$inferInsert> = {}) {
  return insertIncident(db, {
    integrationId: shop,
    reason: 'auth-wrong-token',
    // The incidents promise no contact email or sha in a summary; a notice checks once more.
    summary: `SALESmanago refused the events of ${CONTACT} signed with ${SHA}.`,
    firstSeenAt: T0,
    ...values,
  });
}

describe('incident notices', () => {
  it('tells every listener once that an incident opened: an email with the fix and a link, signed webhooks', async () => {
    const id = credentialsIncident();
    await notificationTick(T0 + MIN);

    expect(smtp.mails.map((m) => m.to)).toEqual(['mark@example.com']);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toBe('Problem with “Shop”: SALESmanago rejected the API secret');
    expect(mail.text).toContain(REASONS['auth-wrong-token'].fix);
    expect(mail.text).toContain(`https://console.example.com/incidents/${id}`);
    expect(mail.text).toContain('(email hidden)');
    expect(mail.from).toBe('alerts@example.com');
    expectNothingPrivate(mail.raw);

    expect(receiver.hooks.map((h) => h.path).sort()).toEqual(['/all', '/shop']);
    for (const hook of receiver.hooks) {
      const secret = hook.path === '/all' ? globalSecret : shopSecret;
      expect(verifySignature(hook.headers['x-console-signature'] as string, hook.body, secret)).toBe(true);
      // Signed with the other webhook's secret, it would not verify.
      expect(verifySignature(hook.headers['x-console-signature'] as string, hook.body, 'whsec_wrong')).toBe(
        false,
      );
      const body = JSON.parse(hook.body);
      expect(body).toMatchObject({
        type: 'incident.opened',
        incident: {
          id,
          cause: 'credentials',
          reason: 'auth-wrong-token',
          whatToDo: REASONS['auth-wrong-token'].fix,
        },
      });
      expect(body.text).toContain(`<https://console.example.com/incidents/${id}|Open the incident>`);
      expectNothingPrivate(hook.body);
      expectNothingPrivate(JSON.stringify(hook.headers));
    }
    expect(rows().map((r) => [r.kind, r.channel, r.status])).toEqual([
      ['opened', 'email', 'sent'],
      ['opened', 'webhook', 'sent'],
      ['opened', 'webhook', 'sent'],
    ]);
    for (const r of rows()) expectNothingPrivate(JSON.stringify(r));
  });

  it('sends nothing twice after a restart: the next pass, in freshly loaded modules, finds it all recorded', async () => {
    credentialsIncident();
    await notificationTick(T0 + MIN);
    vi.resetModules();
    const restarted = await import('./tick');
    await restarted.notificationTick(T0 + 2 * MIN);
    await restarted.notificationTick(T0 + 3 * MIN);
    expect(smtp.mails).toHaveLength(1);
    expect(receiver.hooks).toHaveLength(2);
    expect(rows()).toHaveLength(3);
  });

  it('reminds every reminder interval while open or acknowledged, one at a time, then says it is resolved once', async () => {
    await updateNotificationSettings({ reminderHours: 4 });
    const id = credentialsIncident();
    const count = () => ({ mails: smtp.mails.length, hooks: receiver.hooks.length });
    await notificationTick(T0);
    await notificationTick(T0 + 4 * HOUR - MIN);
    expect(count()).toEqual({ mails: 1, hooks: 2 });

    await notificationTick(T0 + 4 * HOUR);
    expect(count()).toEqual({ mails: 2, hooks: 4 });
    expect(smtp.mails[1]!.subject).toBe('Still open: SALESmanago rejected the API secret (“Shop”)');
    expect(smtp.mails[1]!.text).toContain('for 4 hours now');
    await notificationTick(T0 + 4 * HOUR + MIN);
    expect(count()).toEqual({ mails: 2, hooks: 4 });

    // The server was down for most of a day: one reminder when it is back, not the missed ones.
    db.update(schema.incidents)
      .set({ state: 'acknowledged', acknowledgedAt: T0 + 5 * HOUR })
      .where(eq(schema.incidents.id, id))
      .run();
    await notificationTick(T0 + 20 * HOUR);
    await notificationTick(T0 + 21 * HOUR);
    expect(count()).toEqual({ mails: 3, hooks: 6 });
    expect(smtp.mails[2]!.text).toContain('Someone acknowledged it');
    expect(
      rows()
        .filter((r) => r.kind === 'reminder')
        .map((r) => r.sequence),
    ).toEqual([1, 1, 1, 2, 2, 2]);

    db.update(schema.incidents)
      .set({ state: 'resolved', resolvedAt: T0 + 22 * HOUR })
      .where(eq(schema.incidents.id, id))
      .run();
    await notificationTick(T0 + 22 * HOUR + MIN);
    await notificationTick(T0 + 30 * HOUR);
    expect(count()).toEqual({ mails: 4, hooks: 8 });
    expect(smtp.mails[3]!.subject).toBe('Resolved: SALESmanago rejected the API secret (“Shop”)');
    expect(JSON.parse(receiver.hooks[7]!.body).type).toBe('incident.resolved');
  });

  it('an incident that opened and resolved between two passes is still told, once, as resolved', async () => {
    credentialsIncident({ state: 'resolved', resolvedAt: T0 + 30_000 });
    // Someone who started listening after it was over hears nothing of it.
    const late = db
      .insert(schema.users)
      .values({ email: 'late@example.com', role: 'viewer', passwordHash: 'x', updatedAt: 0 })
      .returning()
      .get().id;
    await savePreferences(late, { digest: false, integrationIds: [shop] });
    await notificationTick(T0 + MIN);
    await notificationTick(T0 + 2 * MIN);
    expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([
      ['mark@example.com', 'Resolved: SALESmanago rejected the API secret (“Shop”)'],
    ]);
    expect(receiver.hooks).toHaveLength(2);
  });

  it('an integration webhook hears only of its integration; the console-wide one of all', async () => {
    const blog = db.select().from(schema.integrations).where(eq(schema.integrations.name, 'Blog')).get()!.id;
    insertIncident(db, {
      integrationId: blog,
      integrationName: 'Blog',
      cause: 'website-silent',
      firstSeenAt: T0,
    });
    await notificationTick(T0 + MIN);
    expect(receiver.hooks.map((h) => h.path)).toEqual(['/all']);
    expect(smtp.mails).toHaveLength(0);
    expect(JSON.parse(receiver.hooks[0]!.body).incident.title).toBe('The website stopped sending events');
  });
});

describe('retries and restarts', () => {
  it('retries a webhook that answered 500 after a backoff, with the same body, and marks it sent', async () => {
    db.delete(schema.incidentSubscriptions).run();
    db.delete(schema.notificationWebhooks).where(eq(schema.notificationWebhooks.scope, 'global')).run();
    credentialsIncident();
    receiver.answers.push(500);
    await notificationTick(T0);
    const [first] = rows();
    expect(first).toMatchObject({
      status: 'retrying',
      attempts: 1,
      error: 'The webhook answered HTTP 500: receiver is down',
    });
    // 1 minute ± 20 %.
    expect(first!.nextAttemptAt).toBeGreaterThanOrEqual(T0 + 48_000);
    expect(first!.nextAttemptAt).toBeLessThanOrEqual(T0 + 72_000);

    await notificationTick(T0 + 30_000);
    expect(receiver.hooks).toHaveLength(1);
    await notificationTick(T0 + 72_000);
    expect(receiver.hooks).toHaveLength(2);
    expect(rows()).toMatchObject([{ status: 'sent', attempts: 2, error: null }]);
    expect(receiver.hooks[1]!.body).toBe(receiver.hooks[0]!.body);
    for (const h of receiver.hooks)
      expect(verifySignature(h.headers['x-console-signature'] as string, h.body, shopSecret)).toBe(true);
  });

  it('a notice left pending by a sender that stopped mid-send is sent again once its hold ran out', async () => {
    const id = credentialsIncident();
    db.delete(schema.notificationWebhooks).run();
    const incident = db.select().from(schema.incidents).where(eq(schema.incidents.id, id)).get()!;
    await claimNotice(
      {
        dedupeKey: `incident:${id}:opened:0:email:user:${mark}`,
        kind: 'opened',
        channel: 'email',
        incidentId: id,
        userId: mark,
        recipient: 'mark@example.com',
        message: renderIncidentNotice(incident, 'opened', 'email', 'https://console.example.com', T0),
      },
      T0,
      T0 + 2 * MIN,
    );
    await notificationTick(T0 + MIN);
    expect(smtp.mails).toHaveLength(0);
    await notificationTick(T0 + 2 * MIN);
    await notificationTick(T0 + 3 * MIN);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.messageId).toBe(`<notification-${rows()[0]!.id}@console.example.com>`);
    expect(rows()).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('does not call a webhook that points to a private address, and says why', async () => {
    db.update(schema.notificationWebhooks)
      .set({ url: 'http://10.20.30.40/hook' })
      .where(eq(schema.notificationWebhooks.scope, 'global'))
      .run();
    credentialsIncident();
    await notificationTick(T0);
    const blocked = rows().find((r) => r.recipient === '10.20.30.40');
    expect(blocked).toMatchObject({ status: 'failed', error: '10.20.30.40 is a private network address.' });
  });
});

describe('the test buttons', () => {
  it('send now and answer with the outcome; a failed test is not retried', async () => {
    const mail = await sendTestEmail({ id: mark, email: 'mark@example.com' });
    expect(mail).toMatchObject({
      kind: 'test',
      channel: 'email',
      status: 'sent',
      recipient: 'mark@example.com',
    });
    expect((smtp.mails.at(-1) as ReceivedMail).subject).toBe(
      'Test notification from the SALESmanago Events Console',
    );

    const hook = db
      .select()
      .from(schema.notificationWebhooks)
      .where(eq(schema.notificationWebhooks.scope, 'global'))
      .get()!;
    receiver.answers.push(503);
    const failed = await sendTestWebhook(hook.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'The webhook answered HTTP 503: receiver is down',
      nextAttemptAt: null,
    });
    const ok = await sendTestWebhook(hook.id);
    expect(ok.status).toBe('sent');
    expect(JSON.parse(receiver.hooks.at(-1)!.body)).toMatchObject({ type: 'test', id: ok.id });
  });
});
