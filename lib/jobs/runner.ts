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
  cancelled(): boolean;
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

/** Runs a job in the background of this process; returns at once. */
export function runJob(id: number): void {
  if (running.has(id)) return;
  const job = getJob(id);
  const handler = handlers.get(job.kind);
  if (!handler) {
    finishJob(id, 'failed', `No handler for ${job.kind} jobs.`);
    return;
  }
  running.add(id);
  markJobRunning(id);
  // Checking the database for a cancel costs a query; once every 200 ms is plenty for a person.
  let lastCheck = 0;
  let cancelled = false;
  const ctx: JobContext = {
    job: getJob(id),
    cancelled: () => {
      const now = Date.now();
      if (!cancelled && now - lastCheck > 200) {
        lastCheck = now;
        cancelled = isJobCancelRequested(id);
      }
      return cancelled;
    },
  };
  void (async () => {
    try {
      const result = await handler(ctx);
      if (ctx.cancelled() || isJobCancelRequested(id))
        finishJob(id, 'cancelled', result?.message ?? 'Cancelled.');
      else finishJob(id, 'succeeded', result?.message ?? null);
    } catch (err) {
      logError(`job ${id} (${job.kind})`, err);
      finishJob(id, 'failed', err instanceof Error ? err.message.slice(0, 500) : 'The job failed.');
    } finally {
      running.delete(id);
    }
  })();
}

/** On start: carry on with jobs a restart interrupted (handlers resume from their stored progress). */
export function resumeJobs(): void {
  for (const job of unfinishedJobs()) {
    if (!handlers.has(job.kind)) continue;
    logInfo(`resuming ${job.kind} job ${job.id} at ${job.processed} of ${job.total}`);
    runJob(job.id);
  }
}
