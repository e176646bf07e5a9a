import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import {
  claimableJobs,
  claimJob,
  jobControl,
  JobLeaseLost,
  releaseJobLeases,
  renewJobLease,
} from './job-leases';
import { addJobProgress, createJob, finishJob, getJob, requestJobCancel } from './jobs';
import { ENGINES, testOnEngine } from './test-helpers';

const LEASE = 30_000;

describe.each(ENGINES)('job leases on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('of owners racing for one job, exactly one gets it', async () => {
    const job = await createJob({ kind: 'bulk-retry', params: {} });
    const owners = Array.from({ length: 8 }, (_, n) => `instance-${n}`);
    const now = Date.now();
    // At once: on PostgreSQL each claim runs on a connection of its own, so the updates really race.
    const won = await Promise.all(owners.map((o) => claimJob(job.id, o, now, LEASE)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = owners[won.indexOf(true)]!;
    expect((await jobControl(job.id)).leaseOwner).toBe(winner);
    // The holder may claim again (a restart under the same INSTANCE_NAME); nobody else may while it lasts.
    expect(await claimJob(job.id, winner, now + 1000, LEASE)).toBe(true);
    expect(await claimJob(job.id, 'late', now + 1000, LEASE)).toBe(false);
    expect(await claimableJobs(now + 1000)).toEqual([]);
  });

  it('an expired lease is taken over, and the job carries its progress to the new owner', async () => {
    const job = await createJob({ kind: 'export', params: { format: 'csv' }, total: 10 });
    const t0 = Date.now();
    expect(await claimJob(job.id, 'a', t0, LEASE)).toBe(true);
    await addJobProgress(job.id, { processed: 4, ok: 4, params: { format: 'csv', before: 96 } }, 'a');
    expect(await claimableJobs(t0 + LEASE - 1)).toEqual([]);
    expect(await claimJob(job.id, 'b', t0 + LEASE - 1, LEASE)).toBe(false);
    // Instance a died: a minute later its lease has run out.
    const later = t0 + LEASE + 1;
    expect(await claimableJobs(later)).toEqual([{ id: job.id, kind: 'export', processed: 4, total: 10 }]);
    expect(await claimJob(job.id, 'b', later, LEASE)).toBe(true);
    expect(await getJob(job.id)).toMatchObject({ processed: 4, params: { format: 'csv', before: 96 } });
    // Only the holder records progress or ends the job; a's late writes are refused and change nothing.
    await expect(
      addJobProgress(job.id, { processed: 2, ok: 2, params: { format: 'csv', before: 1 } }, 'a'),
    ).rejects.toThrow(JobLeaseLost);
    expect(await finishJob(job.id, 'succeeded', null, 'a')).toBe(false);
    await addJobProgress(job.id, { processed: 6, ok: 6 }, 'b');
    expect(await finishJob(job.id, 'succeeded', 'Done.', 'b')).toBe(true);
    expect(await getJob(job.id)).toMatchObject({
      status: 'succeeded',
      processed: 10,
      params: { format: 'csv', before: 96 },
    });
    // A finished job is nobody's to claim.
    expect(await claimJob(job.id, 'c', later + 10 * LEASE, LEASE)).toBe(false);
  });

  it('a renewal extends the lease, and reports it lost once another instance took it', async () => {
    const job = await createJob({ kind: 'retention', params: {} });
    const t0 = Date.now();
    await claimJob(job.id, 'a', t0, LEASE);
    expect(await renewJobLease(job.id, 'a', t0 + LEASE - 1, LEASE)).toBe(true);
    // Renewed: still a's a whole lease later than the first one would have run out.
    expect(await claimJob(job.id, 'b', t0 + LEASE + 1, LEASE)).toBe(false);
    // a stalls past its lease; b takes it; a's next renewal learns it.
    const later = t0 + 2 * LEASE;
    expect(await claimJob(job.id, 'b', later, LEASE)).toBe(true);
    expect(await renewJobLease(job.id, 'a', later + 1, LEASE)).toBe(false);
    expect(await renewJobLease(job.id, 'b', later + 1, LEASE)).toBe(true);
    expect((await jobControl(job.id)).leaseOwner).toBe('b');
  });

  it('released at shutdown, a job is claimed by another owner at once; only the owner releases', async () => {
    const mine = await createJob({ kind: 'backfill', params: {} });
    const theirs = await createJob({ kind: 'bulk-cancel', params: {} });
    const now = Date.now();
    await claimJob(mine.id, 'a', now, LEASE);
    await claimJob(theirs.id, 'b', now, LEASE);
    expect(await releaseJobLeases('a', [mine.id, theirs.id])).toBe(1);
    expect(await releaseJobLeases('a', [])).toBe(0);
    expect(await claimableJobs(now + 1)).toMatchObject([{ id: mine.id }]);
    expect(await claimJob(mine.id, 'c', now + 1, LEASE)).toBe(true);
    expect(await claimJob(theirs.id, 'c', now + 1, LEASE)).toBe(false);
  });

  it('a cancel asked on any instance is seen by the holder, and jobs never claimed are claimable', async () => {
    const job = await createJob({ kind: 'export', params: {} });
    const never = await createJob({ kind: 'export', params: {} });
    await claimJob(job.id, 'a', Date.now(), LEASE);
    expect(await jobControl(job.id)).toEqual({ cancelRequested: false, leaseOwner: 'a' });
    await requestJobCancel(job.id, 'export');
    expect(await jobControl(job.id)).toEqual({ cancelRequested: true, leaseOwner: 'a' });
    expect((await claimableJobs(Date.now())).map((j) => j.id)).toEqual([never.id]);
    // What screens and the API see leaves the lease out.
    expect(Object.keys(await getJob(job.id))).not.toContain('leaseOwner');
  });
});
