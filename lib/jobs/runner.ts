import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';

import { config } from '@/lib/config';
import {
  claimableJobs,
  claimJob,
  jobControl,
  JobLeaseLost,
  onlyProcess,
  releaseJobLeases,
  renewJobLease,
} from '@/lib/data/job-leases';
import {
  finishJob,
  getJob,
  isJobCancelRequested,
  markJobRunning,
  type JobKind,
  type JobView,
} from '@/lib/data/jobs';
import { logError, logInfo } from '@/lib/log';
import { isDraining, onShutdown } from '@/lib/shutdown';

/** What a job handler gets: its job, and cheap ways to notice a cancel or the loss of its lease between chunks. */
export interface JobContext {
  job: JobView;
  /** This instance's name, the job's lease owner: writes that must not race another instance pass it (addJobProgress). */
  owner: string;
  /**
   * Whether a cancel was asked (the database is read at most every 200 ms). Throws JobLeaseLost once the
   * job is no longer this instance's (another took its expired lease, or this one is shutting down): the
   * handler stops at its next chunk, and what it does at the end of a run is left to the next owner.
   */
  cancelled(): Promise<boolean>;
  /**
   * Whether the job is no longer this instance's: its unfinished file (upload, export) then belongs to the
   * instance resuming it, so a handler must not delete it when it stops.
   */
  leaseLost(): boolean;
}

/** A handler does the work in chunks, reporting progress itself (lib/data/jobs addJobProgress). */
export type JobHandler = (ctx: JobContext) => Promise<{ message?: string } | void>;

interface JobKindEntry {
  handler: JobHandler;
  /**
   * The handler marks the job running itself, once it has work: a backfill upload waits for its mapping
   * as `pending`, and the runner marking it running meanwhile would refuse the person's start (issue 18:
   * any instance may pick such a job up at any moment).
   */
  startsItself: boolean;
}

/** A job running in this process: whether it is still this instance's, and when its handler has stopped. */
interface RunningJob {
  lost: boolean;
  /** When the lease was last claimed or renewed here: past a lease's length without one, it is lost. */
  renewedAt: number;
  stopped: Promise<void>;
}

/**
 * How long a job's lease lasts, how often the runner renews it (a third of it, so two renewals may fail
 * before it expires) and how often every instance looks for jobs nobody holds. Tests shorten them.
 */
export const jobLeaseTimings = { leaseMs: 30_000, watchMs: 5_000 };

// Handlers register per kind; both module graphs (custom server and Next) may register, so the map is
// process-wide, and so is the map of running jobs (a job must never run twice at once).
const globalForJobs = globalThis as unknown as {
  __smJobHandlers?: Map<JobKind, JobKindEntry>;
  __smJobsRunning?: Map<number, RunningJob>;
  __smJobsWatch?: ReturnType<typeof setInterval>;
};
const handlers = (globalForJobs.__smJobHandlers ??= new Map());
const running = (globalForJobs.__smJobsRunning ??= new Map());

export function registerJobKind(
  kind: JobKind,
  handler: JobHandler,
  opts: { startsItself?: boolean } = {},
): void {
  if (!handlers.has(kind)) handlers.set(kind, { handler, startsItself: opts.startsItself ?? false });
}

const owner = () => config().instanceName;

/**
 * Runs a job in the background of this process if this instance gets its lease (the job is unclaimed,
 * its lease expired, before `expiredBy` when given, or it is this instance's already); returns once it
 * is marked running, not when it ends: true when it runs here.
 */
export async function runJob(id: number, expiredBy?: number): Promise<boolean> {
  if (running.has(id) || isDraining()) return false;
  // Taken before the first await: two calls for the same job in the same moment must not both run it.
  let stop = () => {};
  const run: RunningJob = {
    lost: false,
    renewedAt: Date.now(),
    stopped: new Promise((resolve) => (stop = resolve)),
  };
  running.set(id, run);
  let started: Awaited<ReturnType<typeof startJob>>;
  try {
    started = await startJob(id, run, expiredBy);
  } finally {
    if (!started) {
      running.delete(id);
      stop();
    }
  }
  if (!started) return false;
  const { handler, ctx, kind } = started;
  const heartbeat = setInterval(() => void renew(id, run), jobLeaseTimings.leaseMs / 3);
  heartbeat.unref();
  // Detached on purpose: the job runs in the background; every outcome, a throw included, is written
  // by finishJob below, and the map of running jobs is cleared in `finally`.
  void (async () => {
    try {
      const result = await handler(ctx);
      const ended =
        (await ctx.cancelled()) || (await isJobCancelRequested(id))
          ? await finishJob(id, 'cancelled', result?.message ?? 'Cancelled.', ctx.owner)
          : await finishJob(id, 'succeeded', result?.message ?? null, ctx.owner);
      // Its lease ran out and was taken between the last check and the end: the new holder ends it.
      if (!ended) logInfo(`${kind} job ${id} finished here, but another instance holds it now`);
    } catch (err) {
      if (run.lost || err instanceof JobLeaseLost) {
        run.lost = true;
        logInfo(`${kind} job ${id} stopped here: another instance carries it on`);
        return;
      }
      logError(`job ${id} (${kind})`, err);
      await finishJob(
        id,
        'failed',
        err instanceof Error ? err.message.slice(0, 500) : 'The job failed.',
        ctx.owner,
      ).catch((e: unknown) => logError(`job ${id} (${kind})`, e));
    } finally {
      clearInterval(heartbeat);
      running.delete(id);
      stop();
    }
  })();
  return true;
}

/** Extends the lease while the handler works; notes when another instance holds the job now. */
async function renew(id: number, run: RunningJob): Promise<void> {
  if (run.lost) return;
  const now = Date.now();
  try {
    if (await renewJobLease(id, owner(), now, jobLeaseTimings.leaseMs)) run.renewedAt = now;
    else run.lost = true;
  } catch (err) {
    // The database unreachable for a moment: the next renewal tries again before the lease runs out.
    // Once it has run out here, another instance may hold the job: stop at the next chunk (the writes
    // a handler makes meanwhile are fenced by the lease, so nothing is counted twice).
    logError(`job ${id} lease`, err);
    if (now - run.renewedAt >= jobLeaseTimings.leaseMs) run.lost = true;
  }
}

/**
 * Claims the job and builds its context; undefined when another instance holds it, or when no handler
 * knows its kind (then the job failed).
 */
async function startJob(id: number, run: RunningJob, expiredBy?: number) {
  const me = owner();
  const now = Date.now();
  if (!(await claimJob(id, me, now, jobLeaseTimings.leaseMs, expiredBy ?? now))) return undefined;
  const job = await getJob(id);
  const entry = handlers.get(job.kind);
  if (!entry) {
    await finishJob(id, 'failed', `No handler for ${job.kind} jobs.`, me);
    return undefined;
  }
  if (!entry.startsItself) await markJobRunning(id);
  // Checking the database for a cancel costs a query; once every 200 ms is plenty for a person. The same
  // read tells whether the lease is still this instance's.
  let lastCheck = 0;
  let cancelled = false;
  const ctx: JobContext = {
    job: await getJob(id),
    owner: me,
    cancelled: async () => {
      const now = Date.now();
      if (!run.lost && !cancelled && now - lastCheck > 200) {
        lastCheck = now;
        const control = await jobControl(id);
        cancelled = control.cancelRequested;
        if (control.leaseOwner !== me) run.lost = true;
      }
      if (run.lost) throw new JobLeaseLost(id);
      return cancelled;
    },
    leaseLost: () => run.lost,
  };
  return { handler: entry.handler, ctx, kind: job.kind };
}

/**
 * Claims and runs every unfinished job nobody holds: on start, those a restart interrupted; later, those
 * of an instance that died (its leases expired) or shut down (it released them), and jobs a request
 * created on an instance that died before starting them. Handlers resume from their stored progress.
 */
export async function resumeJobs(expiredBy = Date.now(), mine?: string): Promise<void> {
  for (const job of await claimableJobs(expiredBy, mine)) {
    if (!handlers.has(job.kind as JobKind) || running.has(job.id)) continue;
    if (await runJob(job.id, expiredBy))
      logInfo(`resuming ${job.kind} job ${job.id} at ${job.processed} of ${job.total}`);
  }
}

/**
 * On start: resumes what nobody holds and what this instance's name still holds (a killed run's: on
 * SQLite everything unfinished, see onlyProcess), then looks again every few seconds, and hands this
 * instance's jobs over when it shuts down.
 */
export async function startJobs(): Promise<void> {
  await resumeJobs(onlyProcess() ? Number.MAX_SAFE_INTEGER : Date.now(), owner());
  clearInterval(globalForJobs.__smJobsWatch);
  const watch = setInterval(() => {
    resumeJobs().catch((err: unknown) => logError('jobs watch', err));
  }, jobLeaseTimings.watchMs);
  watch.unref();
  globalForJobs.__smJobsWatch = watch;
  onShutdown('jobs', async () => {
    await handOverJobs();
  });
}

/**
 * At shutdown: stops looking for jobs, stops every running handler at its next chunk (as if its lease
 * were lost, so none ends its run or removes its file), waits up to `waitMs` for them, and releases the
 * leases of those that stopped, so another instance takes them at its next look instead of after the
 * lease expired. A handler still busy keeps its lease, which expires as if the instance had died.
 */
export async function handOverJobs(waitMs = 3_000): Promise<number[]> {
  clearInterval(globalForJobs.__smJobsWatch);
  const runs = [...running];
  for (const [, run] of runs) run.lost = true;
  await Promise.race([
    Promise.all(runs.map(([, run]) => run.stopped)),
    sleep(waitMs, undefined, { ref: false }),
  ]);
  const stopped = runs.map(([id]) => id).filter((id) => !running.has(id));
  await releaseJobLeases(owner(), stopped);
  return stopped;
}
