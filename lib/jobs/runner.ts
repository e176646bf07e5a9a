import 'server-only';

import {
  finishJob,
  getJob,
  isJobCancelRequested,
  markJobRunning,
  unfinishedJobs,
  type JobKind,
  type JobView,
} from '@/lib/data/jobs';
import { logError, logInfo } from '@/lib/log';

/** What a job handler gets: its job, and a cheap way to notice a cancel between chunks. */
export interface JobContext {
  job: JobView;
  cancelled(): Promise<boolean>;
}

/** A handler does the work in chunks, reporting progress itself (lib/data/jobs addJobProgress). */
export type JobHandler = (ctx: JobContext) => Promise<{ message?: string } | void>;

// Handlers register per kind; both module graphs (custom server and Next) may register, so the map is
// process-wide, and so is the set of running jobs (a job must never run twice at once).
const globalForJobs = globalThis as unknown as {
  __smJobHandlers?: Map<JobKind, JobHandler>;
  __smJobsRunning?: Set<number>;
};
const handlers = (globalForJobs.__smJobHandlers ??= new Map());
const running = (globalForJobs.__smJobsRunning ??= new Set());

export function registerJobKind(kind: JobKind, handler: JobHandler): void {
  if (!handlers.has(kind)) handlers.set(kind, handler);
}

/** Runs a job in the background of this process; returns once it is marked running, not when it ends. */
export async function runJob(id: number): Promise<void> {
  if (running.has(id)) return;
  // Taken before the first await: two calls for the same job in the same moment must not both run it.
  running.add(id);
  let started: { handler: JobHandler; ctx: JobContext; kind: JobKind } | undefined;
  try {
    started = await startJob(id);
  } finally {
    if (!started) running.delete(id);
  }
  if (!started) return;
  const { handler, ctx, kind } = started;
  // Detached on purpose: the job runs in the background; every outcome, a throw included, is written
  // by finishJob below, and the set of running jobs is cleared in `finally`.
  void (async () => {
    try {
      const result = await handler(ctx);
      if ((await ctx.cancelled()) || (await isJobCancelRequested(id)))
        await finishJob(id, 'cancelled', result?.message ?? 'Cancelled.');
      else await finishJob(id, 'succeeded', result?.message ?? null);
    } catch (err) {
      logError(`job ${id} (${kind})`, err);
      await finishJob(
        id,
        'failed',
        err instanceof Error ? err.message.slice(0, 500) : 'The job failed.',
      ).catch((e: unknown) => logError(`job ${id} (${kind})`, e));
    } finally {
      running.delete(id);
    }
  })();
}

/** Marks the job running and builds its context; undefined (the job failed) when no handler knows its kind. */
async function startJob(id: number) {
  const job = await getJob(id);
  const handler = handlers.get(job.kind);
  if (!handler) {
    await finishJob(id, 'failed', `No handler for ${job.kind} jobs.`);
    return undefined;
  }
  await markJobRunning(id);
  // Checking the database for a cancel costs a query; once every 200 ms is plenty for a person.
  let lastCheck = 0;
  let cancelled = false;
  const ctx: JobContext = {
    job: await getJob(id),
    cancelled: async () => {
      const now = Date.now();
      if (!cancelled && now - lastCheck > 200) {
        lastCheck = now;
        cancelled = await isJobCancelRequested(id);
      }
      return cancelled;
    },
  };
  return { handler, ctx, kind: job.kind };
}

/** On start: carry on with jobs a restart interrupted (handlers resume from their stored progress). */
export async function resumeJobs(): Promise<void> {
  for (const job of await unfinishedJobs()) {
    if (!handlers.has(job.kind)) continue;
    logInfo(`resuming ${job.kind} job ${job.id} at ${job.processed} of ${job.total}`);
    await runJob(job.id);
  }
}
