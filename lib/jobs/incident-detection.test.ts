// The incident checks against a real database, with a clock of the test's own: what opens, what stays
// one incident, what resolves by itself, and what a restart keeps.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'detect-test-key-that-is-long-enough-0001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('@/lib/data/deliveries');
const { countOutcomes } = await import('@/lib/data/incident-signals');
const { acknowledgeIncident } = await import('@/lib/data/incident-writes');
const { listIncidents, getIncident } = await import('@/lib/data/incidents');
const { pauseSending, resumeSending } = await import('@/lib/data/sending-pause');
const { insertTestIntegration, tempDbFiles } = await import('@/lib/data/test-helpers');
const { detectIncidents } = await import('./incident-detection');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = 1_800_000_000_000;
const ADMIN = { id: 1, label: 'admin@example.com' };
let db: ReturnType<typeof openDb>;
let shop = 0;

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
  shop = insertTestIntegration(db, { name: 'Shop', createdAt: T0 - 48 * HOUR });
});

const open = async () => (await listIncidents({ state: 'open', limit: 50 })).items;
const past = async () => (await listIncidents({ state: 'past', limit: 50 })).items;

async function queued(at: number, source: 'website' | 'api' = 'api'): Promise<number> {
  return (
    await insertDelivery({
      integration: { id: shop, name: 'Shop' },
      source,
      operation: 'add',
      event: { type: 'VISIT', email: 'a@example.com' },
      now: at,
    })
  ).id;
}

describe('failure rate', () => {
  it('opens one incident for a burst of failures, refreshes it while they last, resolves when they leave the window', async () => {
    await countOutcomes(shop, 'succeeded', 15, T0);
    await countOutcomes(shop, 'failed', 5, T0);
    await detectIncidents(T0 + 1_000);
    expect(await open()).toMatchObject([
      { cause: 'failure-rate', state: 'open', affected: 5, firstSeenAt: T0 + 1_000, integrationName: 'Shop' },
    ]);
    await countOutcomes(shop, 'failed', 3, T0 + MINUTE);
    await detectIncidents(T0 + MINUTE + 1_000);
    const [incident] = await open();
    expect(await open()).toHaveLength(1);
    expect(incident).toMatchObject({ firstSeenAt: T0 + 1_000, lastSeenAt: T0 + MINUTE + 1_000, affected: 8 });
    expect(incident!.summary).toBe('8 deliveries of the last 23 failed within 15 minutes (34.8 %).');
    expect(incident!.historyHref).toContain(`integrationId=${shop}`);
    expect(incident!.historyHref).toContain('status=failed%2Cretrying');

    // 15 minutes after the last failure, the window holds none of them.
    await detectIncidents(T0 + 16 * MINUTE);
    expect(await open()).toEqual([]);
    const [resolved] = await past();
    expect(resolved).toMatchObject({ id: incident!.id, state: 'resolved', resolvedByLabel: null });
    expect((await getIncident(incident!.id)).timeline.map((e) => e.kind)).toEqual(['opened', 'resolved']);

    // A new burst is a new incident; the resolved one stays as it was.
    await countOutcomes(shop, 'failed', 20, T0 + 20 * MINUTE);
    await detectIncidents(T0 + 20 * MINUTE);
    expect(await open()).toHaveLength(1);
    expect((await open())[0]!.id).not.toBe(incident!.id);
  });

  it('keeps one incident per integration and cause even when acknowledged in between', async () => {
    await countOutcomes(shop, 'failed', 25, T0);
    await detectIncidents(T0);
    const [incident] = await open();
    await acknowledgeIncident(incident!.id, ADMIN, T0 + 1);
    await detectIncidents(T0 + MINUTE);
    expect(await open()).toMatchObject([
      { id: incident!.id, state: 'acknowledged', acknowledgedByLabel: ADMIN.label },
    ]);
    expect(() =>
      db
        .insert(schema.incidents)
        .values({
          integrationId: shop,
          integrationName: 'Shop',
          cause: 'failure-rate',
          state: 'open',
          summary: 'a second one',
          firstSeenAt: T0,
          lastSeenAt: T0,
        })
        .run(),
    ).toThrow(/UNIQUE/);
  });
});

describe('backlog', () => {
  it('opens when the oldest waiting delivery waited 15 minutes, says nothing while paused, clears once sent', async () => {
    const first = await queued(T0);
    await queued(T0 + MINUTE);
    await detectIncidents(T0 + 14 * MINUTE);
    expect(await open()).toEqual([]);
    await detectIncidents(T0 + 15 * MINUTE);
    expect(await open()).toMatchObject([{ cause: 'backlog', affected: 2 }]);

    await pauseSending(shop, ADMIN, 'SALESmanago maintenance', T0 + 16 * MINUTE);
    await detectIncidents(T0 + 20 * MINUTE);
    expect(await open()).toMatchObject([{ cause: 'backlog', lastSeenAt: T0 + 15 * MINUTE }]);
    expect((await getIncident((await open())[0]!.id)).timeline.map((e) => e.message)).toContain(
      'Sending paused by admin@example.com: SALESmanago maintenance',
    );
    await resumeSending(shop, ADMIN, T0 + 21 * MINUTE);

    db.update(schema.deliveries).set({ status: 'succeeded' }).where(eq(schema.deliveries.id, first)).run();
    await detectIncidents(T0 + 22 * MINUTE);
    expect(await open()).toMatchObject([{ cause: 'backlog', affected: 2 }]);
    db.update(schema.deliveries).set({ status: 'succeeded' }).run();
    await detectIncidents(T0 + 23 * MINUTE);
    expect(await open()).toEqual([]);
  });
});

describe('website silent', () => {
  it('is off until a website event, opens after six silent hours, resolves when events come again', async () => {
    await detectIncidents(T0); // the first check starts reading website events from here on
    await queued(T0 - 10 * HOUR, 'api');
    db.update(schema.deliveries).set({ status: 'succeeded' }).run();
    await detectIncidents(T0 + 10 * HOUR);
    expect(await open()).toEqual([]);

    db.update(schema.integrations)
      .set({ collectorEnabled: true })
      .where(eq(schema.integrations.id, shop))
      .run();
    await queued(T0 + 10 * HOUR, 'website');
    db.update(schema.deliveries).set({ status: 'succeeded' }).run();
    await detectIncidents(T0 + 10 * HOUR + MINUTE);
    await detectIncidents(T0 + 16 * HOUR - 1);
    expect(await open()).toEqual([]);
    await detectIncidents(T0 + 16 * HOUR);
    expect(await open()).toMatchObject([
      { cause: 'website-silent', summary: 'The website has sent no event for 6 hours.' },
    ]);
    expect((await open())[0]!.historyHref).toContain('source=website');

    await queued(T0 + 17 * HOUR, 'website');
    db.update(schema.deliveries).set({ status: 'succeeded' }).run();
    await detectIncidents(T0 + 17 * HOUR + MINUTE);
    expect(await open()).toEqual([]);
    expect((await getIncident((await past())[0]!.id)).timeline.at(-1)?.message).toBe(
      'Resolved by itself: events arrive from the website again.',
    );
  });
});

describe('monitoring code gone', () => {
  it('is off until the sandbox saw the code, opens a day after it was last seen, resolves when seen again', async () => {
    const sandbox = insertTestIntegration(db, { name: 'Sandbox', isSandbox: true, clientId: 'sbxclient' });
    const visit = (at: number) =>
      db
        .insert(schema.sandboxVisits)
        .values({ clientId: 'sbxclient', url: 'https://shop.example/', createdAt: at })
        .run();
    await detectIncidents(T0 + 48 * HOUR);
    expect(await open()).toEqual([]);
    visit(T0);
    await detectIncidents(T0 + 24 * HOUR - 1);
    expect(await open()).toEqual([]);
    await detectIncidents(T0 + 24 * HOUR);
    expect(await open()).toMatchObject([{ integrationId: sandbox, cause: 'snippet-gone' }]);
    visit(T0 + 30 * HOUR);
    await detectIncidents(T0 + 30 * HOUR + MINUTE);
    expect(await open()).toEqual([]);
  });
});

describe('a restart in the middle of an incident', () => {
  it('keeps the incident, its state and its first-seen time; the next check refreshes the same one', async () => {
    const file = tempDbFiles('restart-incident-')('console.db');
    db = openDb(file);
    setDbForTests(db);
    shop = insertTestIntegration(db);
    await countOutcomes(shop, 'failed', 30, T0);
    await detectIncidents(T0);
    const [before] = await open();
    await acknowledgeIncident(before!.id, ADMIN, T0 + 1_000);
    db.$client.close();

    db = openDb(file);
    setDbForTests(db);
    await detectIncidents(T0 + 2 * MINUTE);
    expect(await open()).toMatchObject([
      {
        id: before!.id,
        state: 'acknowledged',
        acknowledgedByLabel: ADMIN.label,
        firstSeenAt: T0,
        lastSeenAt: T0 + 2 * MINUTE,
      },
    ]);
    db.$client.close();
  });
});
