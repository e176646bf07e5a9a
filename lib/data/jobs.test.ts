import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import {
  addJobProgress,
  createJob,
  createJobUnlessActive,
  finishJob,
  getJob,
  getJobRow,
  isJobCancelRequested,
  listJobs,
  markJobRunning,
  MAX_STORED_JOB_ERRORS,
  requestJobCancel,
  unfinishedJobs,
} from './jobs';
import { ENGINES, testOnEngine } from './test-helpers';

describe.each(ENGINES)('jobs on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('a job runs, adds progress, keeps the first problems and its params, and finishes', async () => {
    const job = await createJob({ kind: 'export', params: { format: 'csv' }, createdBy: null });
    expect(job).toMatchObject({
      status: 'pending',
      total: 0,
      processed: 0,
      errors: [],
      cancelRequested: false,
    });
    await markJobRunning(job.id, 10);
    const errors = Array.from({ length: MAX_STORED_JOB_ERRORS }, (_, n) => ({ row: n, message: 'bad' }));
    await addJobProgress(job.id, { processed: 4, ok: 3, errors: errors.slice(0, 1) });
    await addJobProgress(job.id, { processed: 6, ok: 1, errors, params: { format: 'csv', after: 9 } });
    await finishJob(job.id, 'succeeded', 'Done.');
    const done = await getJob(job.id, 'export');
    expect(done).toMatchObject({
      status: 'succeeded',
      total: 10,
      processed: 10,
      okCount: 4,
      errorCount: MAX_STORED_JOB_ERRORS + 1,
      message: 'Done.',
      params: { format: 'csv', after: 9 },
    });
    expect(done.errors).toHaveLength(MAX_STORED_JOB_ERRORS);
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect((await getJobRow(job.id)).id).toBe(job.id);
  });

  it('a job of another kind, or none, is not found', async () => {
    const job = await createJob({ kind: 'export', params: {} });
    await expect(getJob(job.id, 'backfill')).rejects.toThrow(/does not exist/);
    await expect(getJob(job.id + 1)).rejects.toThrow(/does not exist/);
    await expect(requestJobCancel(job.id, 'backfill')).rejects.toThrow(/does not exist/);
  });

  it('one active job per kind when asked; the newest listed first', async () => {
    const first = await createJobUnlessActive({ kind: 'retention', params: {} });
    const again = await createJobUnlessActive({ kind: 'retention', params: {} });
    expect(first.created).toBe(true);
    expect(again).toEqual({ job: first.job, created: false });
    await finishJob(first.job.id, 'failed', 'x');
    const second = await createJobUnlessActive({ kind: 'retention', params: {} });
    expect(second.created).toBe(true);
    expect((await listJobs('retention')).map((j) => j.id)).toEqual([second.job.id, first.job.id]);
    expect(await listJobs('export')).toEqual([]);
  });

  it('starts at the same moment (a click on two instances, the daily timer) make one active job', async () => {
    for (let round = 1; round <= 5; round++) {
      const starts = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(() => createJobUnlessActive({ kind: 'retention', params: {} })),
      );
      expect(starts.filter((s) => s.created)).toHaveLength(1);
      expect(new Set(starts.map((s) => s.job.id)).size).toBe(1);
      expect(await listJobs('retention')).toHaveLength(round);
      await finishJob(starts[0]!.job.id, 'succeeded', null);
    }
  });

  it('cancelling asks only an unfinished job; unfinished jobs are listed oldest first', async () => {
    const a = await createJob({ kind: 'backfill', params: {}, integrationId: null });
    const b = await createJob({ kind: 'export', params: {} });
    const c = await createJob({ kind: 'export', params: {} });
    await markJobRunning(b.id);
    await finishJob(c.id, 'succeeded');
    expect((await unfinishedJobs()).map((j) => j.id)).toEqual([a.id, b.id]);
    expect((await requestJobCancel(b.id, 'export')).cancelRequested).toBe(true);
    expect(await isJobCancelRequested(b.id)).toBe(true);
    expect((await requestJobCancel(c.id, 'export')).cancelRequested).toBe(false);
    expect(await isJobCancelRequested(a.id)).toBe(false);
  });
});
