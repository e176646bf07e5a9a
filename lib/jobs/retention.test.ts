import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDb, schema, setDbForTests, type Db } from '@/db';
import { listAudit } from '@/lib/data/audit';
import { insertDelivery } from '@/lib/data/deliveries';
import { getJob } from '@/lib/data/jobs';
import { getRetention, updateGlobalRetention, updateIntegrationRetention } from '@/lib/data/retention';
import { insertTestIntegration, tempDbFiles } from '@/lib/data/test-helpers';
import { AppError } from '@/lib/errors';
import type { DeliveryStatus } from '@/db/schema';
import { maintenanceTick, RETENTION_EVERY_MS } from './maintenance';
import { startRetentionRun } from './retention';
import './kinds';

const DAY = 86_400_000;
const file = tempDbFiles('retention-')('console.db');
let db: Db;
let shop: number;
let other: number;

async function delivery(
  integrationId: number,
  ageDays: number,
  status: DeliveryStatus,
  resendOf?: number,
): Promise<number> {
  const now = Date.now() - ageDays * DAY;
  const id = (
    await insertDelivery({
      integration: { id: integrationId, name: 'Shop' },
      source: 'api',
      operation: 'add',
      event: { type: 'PURCHASE', email: `c${ageDays}@example.com`, externalId: `ord-${ageDays}-${status}` },
      resendOf: resendOf ?? null,
      now,
    })
  ).id;
  db.update(schema.deliveries).set({ status }).where(eq(schema.deliveries.id, id)).run();
  db.insert(schema.attempts)
    .values({
      deliveryId: id,
      number: 1,
      startedAt: now,
      url: 'https://app3.salesmanago.com/api/v3/externalEvent',
      request: { big: 'x'.repeat(20_000) },
      responseBody: 'y'.repeat(20_000),
      outcome: status === 'succeeded' ? 'succeeded' : 'rejected',
    })
    .run();
  return id;
}

async function finished(id: number) {
  for (let i = 0; i < 500; i++) {
    const job = await getJob(id);
    if (!['pending', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('job did not finish');
}

const row = (id: number) => db.select().from(schema.deliveries).where(eq(schema.deliveries.id, id)).get();
const attempt = (id: number) =>
  db.select().from(schema.attempts).where(eq(schema.attempts.deliveryId, id)).get();

beforeAll(() => {
  db = openDb(file);
  setDbForTests(db);
  shop = insertTestIntegration(db, { name: 'Shop' });
  other = insertTestIntegration(db, { name: 'Other' });
});
afterAll(() => db.$client.close());

describe('retention settings', () => {
  it('defaults to a year of deliveries and 90 days of bodies', async () => {
    expect((await getRetention()).global).toEqual({ bodiesDays: 90, deliveriesDays: 365 });
  });

  it.each([
    [{ bodiesDays: 0, deliveriesDays: 365 }, 'at least 1 day'],
    [{ bodiesDays: 90, deliveriesDays: 3651 }, 'at most 3650 days'],
    [{ bodiesDays: 1.5, deliveriesDays: 365 }, 'whole number'],
    [{ bodiesDays: 400, deliveriesDays: 365 }, 'longer than the deliveries'],
    [{ bodiesDays: 90, deliveriesDays: 365, constructor: 1 }, 'Unrecognized key'],
  ])('refuses %j with a clear message and writes nothing', async (input, message) => {
    await expect(updateGlobalRetention(input)).rejects.toThrow(expect.objectContaining({ status: 422 }));
    await expect(updateGlobalRetention(input)).rejects.toThrow(new RegExp(message, 'i'));
    expect((await getRetention()).global).toEqual({ bodiesDays: 90, deliveriesDays: 365 });
  });

  it('keeps an override per integration, null meaning "as the console"', async () => {
    await updateIntegrationRetention(other, { bodiesDays: 10, deliveriesDays: null });
    expect((await getRetention()).integrations.find((i) => i.id === other)).toMatchObject({
      bodiesDays: 10,
      deliveriesDays: null,
    });
    await expect(updateIntegrationRetention(999, { bodiesDays: 10, deliveriesDays: null })).rejects.toThrow(
      AppError,
    );
  });
});

describe('a retention run', () => {
  it('removes old bodies and old deliveries, keeps what is under way or needs attention, gives space back', async () => {
    // Written oldest first, as the console writes them: created_at never goes back as ids grow
    // (migration 0007 lifts a row "older" than the newest one to the newest one's time).
    // Enough old rows that the freed pages are measurable.
    for (let i = 0; i < 200; i++) await delivery(shop, 500, 'succeeded');
    const gone = await delivery(shop, 400, 'succeeded');
    const goneFailedResolved = await delivery(shop, 400, 'failed');
    const protectedIds: number[] = [];
    for (const s of ['queued', 'sending', 'retrying', 'failed'] as const)
      protectedIds.push(await delivery(shop, 400, s));
    const oldBodies = await delivery(shop, 100, 'succeeded');
    const kept = await delivery(shop, 30, 'succeeded');
    const overridden = await delivery(other, 20, 'succeeded');
    await delivery(shop, 1, 'succeeded', goneFailedResolved);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.statSync(file).size;

    const job = await finished((await startRetentionRun({ id: 1, label: 'admin@example.com' })).id);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const after = fs.statSync(file).size;
    console.log(`database file: ${before} bytes before retention, ${after} after`);

    expect(job.status).toBe('succeeded');
    expect(attempt(kept)?.responseBody).toBe('y'.repeat(20_000));
    expect(row(kept)?.bodiesRemovedAt).toBeNull();
    for (const id of [oldBodies, overridden]) {
      expect(row(id)?.bodiesRemovedAt).toBeGreaterThan(0);
      expect(attempt(id)).toMatchObject({ request: null, responseBody: null });
    }
    expect(row(gone)).toBeUndefined();
    expect(attempt(gone)).toBeUndefined();
    expect(row(goneFailedResolved)).toBeUndefined();
    for (const id of protectedIds) {
      expect(row(id)).toBeDefined();
      expect(attempt(id)?.responseBody).toBe('y'.repeat(20_000));
    }
    expect(after).toBeLessThan(before / 2);

    const line = (await listAudit({ action: 'retention.run' })).items[0];
    expect(line?.summary).toMatch(/bodies of 2 deliveries and 202 deliveries/);
    expect(line?.actorLabel).toBe('admin@example.com');
    expect((await getRetention()).lastRun).toMatchObject({ bodies: 2, deliveries: 202 });
  });

  it('runs daily on its own, from the last start kept in the database', async () => {
    const last = await startRetentionRun({ id: null, label: 'system' });
    await finished(last.id);
    await maintenanceTick(last.createdAt + RETENTION_EVERY_MS - 1000);
    expect(db.select().from(schema.jobs).where(eq(schema.jobs.kind, 'retention')).all()).toHaveLength(2);
    await maintenanceTick(last.createdAt + RETENTION_EVERY_MS);
    const jobs = db.select().from(schema.jobs).where(eq(schema.jobs.kind, 'retention')).all();
    expect(jobs).toHaveLength(3);
    await finished(jobs.at(-1)!.id);
  });

  it('two starts at the same moment (a click and the daily timer) make one run', async () => {
    const count = () => db.select().from(schema.jobs).where(eq(schema.jobs.kind, 'retention')).all().length;
    const before = count();
    const [a, b] = await Promise.all([
      startRetentionRun({ id: 1, label: 'admin@example.com' }),
      startRetentionRun({ id: null, label: 'system' }),
    ]);
    expect(b.id).toBe(a.id);
    expect(count()).toBe(before + 1);
    await finished(a.id);
  });
});
