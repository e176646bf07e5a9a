import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'backfill-rows-test-key-that-is-long-enough';

const { schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const rows = await import('./backfill-rows');
const { insertDelivery } = await import('./deliveries');
const { db } = await import('./engine');
const { createJob, getJob } = await import('./jobs');
const { claimJob, JobLeaseLost } = await import('./job-leases');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');
import type { BackfillPlan } from '@/lib/validations/backfill';
import type { EventData } from '@/lib/validations/event';

let integrationId = 0;
let jobId = 0;

const purchase = (externalId: string) =>
  ({ type: 'PURCHASE', email: 'a@example.com', externalId }) as EventData;
const target = (importDuplicates = false) => ({
  id: jobId,
  plan: { options: { importDuplicates } } as BackfillPlan,
  integration: { id: integrationId, name: 'Shop' },
  createdBy: null,
});
const params = async () => (await getJob(jobId)).params as Record<string, unknown>;
const backfilled = () =>
  db()
    .select({ id: schema.deliveries.id, externalId: schema.deliveries.externalId })
    .from(schema.deliveries)
    .where(eq(schema.deliveries.source, 'backfill'))
    .orderBy(schema.deliveries.id);

describe.each(ENGINES)('backfill chunks on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    integrationId = await addTestIntegration();
    jobId = (await createJob({ kind: 'backfill', params: {}, integrationId })).id;
  });

  it('writes valid rows as queued deliveries; invalid rows, earlier orders and repeats in the chunk become row errors', async () => {
    const earlier = await insertDelivery({
      integration: { id: integrationId, name: 'Shop' },
      source: 'api',
      operation: 'add',
      event: purchase('ord-1'),
    });
    await rows.writeBackfillChunk(target(), [
      { line: 2, event: purchase('ord-1') },
      { line: 3, problem: 'The date is not a date.' },
      { line: 4, event: purchase('ord-2') },
      { line: 5, event: purchase('ord-2') },
      { line: 6, event: { type: 'VISIT', email: 'b@example.com' } as EventData },
    ]);
    const written = await backfilled();
    expect(written.map((w) => w.externalId)).toEqual(['ord-2', null]);
    const job = await getJob(jobId);
    expect({ processed: job.processed, ok: job.okCount }).toEqual({ processed: 5, ok: 2 });
    expect(job.errors).toEqual([
      { row: 2, id: earlier.id, message: expect.stringContaining(`delivery #${earlier.id}`) },
      { row: 3, message: 'The date is not a date.' },
      { row: 5, id: written[0]!.id, message: expect.stringContaining(`delivery #${written[0]!.id}`) },
    ]);
    expect(await params()).toMatchObject({
      invalid: 1,
      duplicates: 2,
      firstDeliveryId: written[0]!.id,
      lastDeliveryId: written[1]!.id,
    });
    expect(
      await rows.deliveryCounts({
        integrationId,
        firstDeliveryId: written[0]!.id,
        lastDeliveryId: written[1]!.id,
      }),
    ).toMatchObject({ queued: 2 });
  });

  it('adds up over chunks, keeps the first delivery id, and imports duplicates when asked', async () => {
    await rows.writeBackfillChunk(target(), [{ line: 2, event: purchase('ord-9') }]);
    await rows.writeBackfillChunk(target(true), [
      { line: 3, event: purchase('ord-9') },
      { line: 4, problem: 'No contact.' },
    ]);
    const written = await backfilled();
    expect(written).toHaveLength(2);
    expect(await params()).toMatchObject({
      invalid: 1,
      duplicates: 0,
      firstDeliveryId: written[0]!.id,
      lastDeliveryId: written[1]!.id,
    });
  });

  it('claims a plan once, refuses it while another import of the integration runs, and closes a waiting upload', async () => {
    const plan = { options: { importDuplicates: false } } as BackfillPlan;
    expect(await rows.waitingUploadState(jobId)).toBe('waiting');
    expect(await rows.claimBackfillPlan(jobId, integrationId, plan, 10)).toEqual({ claimed: true });
    expect(await rows.claimBackfillPlan(jobId, integrationId, plan, 10)).toEqual({ claimed: false });
    expect(await rows.waitingUploadState(jobId)).toBe('started');
    expect(await params()).toMatchObject({ plan, totalKnown: true });
    await db().update(schema.jobs).set({ status: 'running' }).where(eq(schema.jobs.id, jobId));
    const other = (await createJob({ kind: 'backfill', params: {}, integrationId })).id;
    expect(await rows.claimBackfillPlan(other, integrationId, plan, null)).toEqual({ busyWith: jobId });
    expect(await rows.closeWaitingUpload(other, 'Closed.')).toBe(true);
    expect((await getJob(other)).status).toBe('cancelled');
    expect(await rows.deleteWaitingUpload(other)).toBe(false);
  });

  it("a chunk written after another instance took the job's lease is refused whole: no row, no progress", async () => {
    const now = Date.now();
    expect(await claimJob(jobId, 'a', now - 60_000, 30_000)).toBe(true);
    await rows.writeBackfillChunk(target(), [{ line: 2, event: purchase('ord-1') }], 'a');
    // A's lease ran out; B took the job over and carries on from A's last chunk.
    expect(await claimJob(jobId, 'b', now, 30_000)).toBe(true);
    await expect(
      rows.writeBackfillChunk(target(), [{ line: 3, event: purchase('ord-2') }], 'a'),
    ).rejects.toBeInstanceOf(JobLeaseLost);
    expect((await backfilled()).map((w) => w.externalId)).toEqual(['ord-1']);
    expect((await getJob(jobId)).processed).toBe(1);
  });

  it('two imports of one integration started at the same moment: one starts, the other is told it waits', async () => {
    const plan = { options: { importDuplicates: false } } as BackfillPlan;
    const other = (await createJob({ kind: 'backfill', params: {}, integrationId })).id;
    const results = await Promise.all([
      rows.claimBackfillPlan(jobId, integrationId, plan, 10),
      rows.claimBackfillPlan(other, integrationId, plan, 10),
    ]);
    expect(results.filter((r) => 'claimed' in r && r.claimed)).toHaveLength(1);
    expect(results.filter((r) => 'busyWith' in r)).toHaveLength(1);
  });
});
