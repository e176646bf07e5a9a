import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { config } from '@/lib/config';
import { db } from '@/lib/data/engine';
import { claimJob, jobControl, JobLeaseLost } from '@/lib/data/job-leases';
import { addJobProgress, createJob, getJob, requestJobCancel } from '@/lib/data/jobs';
import { ENGINES, testOnEngine } from '@/lib/data/test-helpers';
import { handOverJobs, jobLeaseTimings, registerJobKind, runJob, startJobs } from './runner';

/** A job that counts from its stored progress up to `upTo`, one step per chunk, recording each step. */
interface Counting {
  upTo: number;
}
/** Per job: where each run started, and how each run ended. */
const runs = new Map<number, Array<{ from: number; owner: string; end?: string }>>();
let stepMs = 10;

// This file's own kind of work under a real kind's name (no other handler is registered in this file).
registerJobKind('bulk-cancel', async (ctx) => {
  const run = { from: ctx.job.processed, owner: ctx.owner, end: undefined as string | undefined };
  runs.set(ctx.job.id, [...(runs.get(ctx.job.id) ?? []), run]);
  try {
    for (let n = ctx.job.processed; n < (ctx.job.params as Counting).upTo; n++) {
      if (await ctx.cancelled()) {
        run.end = 'cancelled';
        return { message: `Cancelled at ${n}.` };
      }
      await addJobProgress(ctx.job.id, { processed: 1, ok: 1 }, ctx.owner);
      await sleep(stepMs);
    }
    run.end = 'done';
    return { message: 'Counted.' };
  } catch (err) {
    run.end = err instanceof JobLeaseLost ? 'lease lost' : 'failed';
    throw err;
  }
});

const LEASE_MS = 400;
const saved = { ...jobLeaseTimings };
beforeAll(() => Object.assign(jobLeaseTimings, { leaseMs: LEASE_MS, watchMs: 50 }));
afterAll(() => Object.assign(jobLeaseTimings, saved));

async function counting(upTo: number) {
  return createJob({ kind: 'bulk-cancel', params: { upTo } satisfies Counting });
}

async function ended(id: number, runIndex = 0): Promise<string> {
  await expect.poll(() => runs.get(id)?.[runIndex]?.end, { timeout: 5000 }).toBeDefined();
  return runs.get(id)![runIndex]!.end!;
}

async function setLease(id: number, leaseOwner: string | null, leaseUntil: number | null) {
  await db().update(schema.jobs).set({ leaseOwner, leaseUntil }).where(eq(schema.jobs.id, id));
}

describe.each(ENGINES)('the job runner on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  afterEach(async () => {
    stepMs = 10;
    // Stops the watch startJobs began and whatever still runs, before the next test's fresh database.
    await handOverJobs(2000);
    // Each test's database numbers its jobs from 1 again.
    runs.clear();
  });

  it('runs a job under its lease, renewing it while the handler works longer than the lease', async () => {
    stepMs = 40;
    const job = await counting(25); // about 1 s: more than two leases
    expect(await runJob(job.id)).toBe(true);
    expect(await runJob(job.id)).toBe(false); // already running here
    // Past the first lease the job is still this instance's: the runner renewed it.
    await sleep(LEASE_MS + 150);
    expect(runs.get(job.id)![0]!.end).toBeUndefined();
    expect(await claimJob(job.id, 'other', Date.now(), LEASE_MS)).toBe(false);
    expect(await ended(job.id)).toBe('done');
    await expect.poll(async () => (await getJob(job.id)).status).toBe('succeeded');
    expect(await getJob(job.id)).toMatchObject({ processed: 25, message: 'Counted.' });
    expect(runs.get(job.id)).toHaveLength(1);
  });

  it('takes over a job whose instance died once its lease expired, resuming from its progress', async () => {
    await startJobs();
    const job = await counting(10);
    // Instance "dead" ran it to 4, then stopped renewing; its lease runs out shortly.
    await claimJob(job.id, 'dead', Date.now(), 300);
    await addJobProgress(job.id, { processed: 4, ok: 4 }, 'dead');
    await sleep(150);
    expect(runs.get(job.id)).toBeUndefined(); // not while the lease lasts, though the watch looked
    expect(await ended(job.id)).toBe('done');
    expect(runs.get(job.id)).toEqual([{ from: 4, owner: config().instanceName, end: 'done' }]);
    await expect.poll(async () => (await getJob(job.id)).status).toBe('succeeded');
    expect((await getJob(job.id)).processed).toBe(10);
  });

  it('at start takes back at once what a killed run held on SQLite (one process); on PostgreSQL waits for the lease', async () => {
    const job = await counting(6);
    await claimJob(job.id, 'killed-run', Date.now(), 60_000);
    await addJobProgress(job.id, { processed: 2, ok: 2 }, 'killed-run');
    await startJobs();
    if (kind === 'sqlite') {
      expect(await ended(job.id)).toBe('done');
      expect(runs.get(job.id)![0]!.from).toBe(2);
    } else {
      await sleep(200);
      expect(runs.get(job.id)).toBeUndefined();
      expect((await jobControl(job.id)).leaseOwner).toBe('killed-run');
    }
  });

  it('at start takes back at once what its own name still held (restarted under the same INSTANCE_NAME)', async () => {
    const job = await counting(6);
    await claimJob(job.id, config().instanceName, Date.now(), 60_000);
    await addJobProgress(job.id, { processed: 3, ok: 3 }, config().instanceName);
    await startJobs();
    expect(await ended(job.id)).toBe('done');
    expect(runs.get(job.id)![0]!.from).toBe(3);
  });

  it('stops a handler at its next chunk once another instance took its lease, and leaves the job to it', async () => {
    stepMs = 30;
    const job = await counting(1000);
    await runJob(job.id);
    await expect.poll(async () => (await getJob(job.id)).processed).toBeGreaterThan(2);
    // This instance stalled past its lease (as far as the others can tell), and "other" took the job.
    await setLease(job.id, config().instanceName, Date.now() - 1);
    expect(await claimJob(job.id, 'other', Date.now(), 60_000)).toBe(true);
    expect(await ended(job.id)).toBe('lease lost');
    const after = await getJob(job.id);
    expect(after.status).toBe('running'); // not ended by the instance that lost it
    expect((await jobControl(job.id)).leaseOwner).toBe('other');
    await sleep(100);
    expect((await getJob(job.id)).processed).toBe(after.processed);
    // Nor run here again while "other" holds it.
    expect(await runJob(job.id)).toBe(false);
  });

  it('hands its jobs over at shutdown: released at once, claimable by another instance, progress kept', async () => {
    stepMs = 30;
    const job = await counting(1000);
    await runJob(job.id);
    await expect.poll(async () => (await getJob(job.id)).processed).toBeGreaterThan(1);
    expect(await handOverJobs()).toEqual([job.id]);
    expect(runs.get(job.id)![0]!.end).toBe('lease lost');
    const handed = await getJob(job.id);
    expect(handed.status).toBe('running');
    expect(await jobControl(job.id)).toMatchObject({ leaseOwner: null });
    expect(await claimJob(job.id, 'other', Date.now(), 60_000)).toBe(true);
    await sleep(100);
    expect((await getJob(job.id)).processed).toBe(handed.processed);
  });

  it('a cancel asked through any instance stops the job where it runs', async () => {
    stepMs = 20;
    const job = await counting(1000);
    await runJob(job.id);
    await expect.poll(async () => (await getJob(job.id)).processed).toBeGreaterThan(1);
    await requestJobCancel(job.id, 'bulk-cancel');
    expect(await ended(job.id)).toBe('cancelled');
    await expect.poll(async () => (await getJob(job.id)).status).toBe('cancelled');
  });
});
