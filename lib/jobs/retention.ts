import 'server-only';

import { audit, type AuditActor } from '@/lib/data/audit';
import { addJobProgress, createJobUnlessActive, listJobs, type JobView } from '@/lib/data/jobs';
import { recordRetentionRun, retentionScopes } from '@/lib/data/retention';
import {
  countExpired,
  databaseBytes,
  deleteDeliveriesBatch,
  reclaimFreePages,
  removeBodiesBatch,
  type WalkCursor,
} from '@/lib/data/retention-sweep';
import { registerJobKind, runJob, type JobContext } from './runner';

interface RetentionParams {
  /** Who asked ("system" for the daily run), for the audit line the run writes when it ends. */
  actor: AuditActor;
}

/** Small batches, each its own short write transaction, with a pause between: the collector keeps its p99. */
const BATCH = 200;
const PAUSE_MS = 2;
const VACUUM_PAGES = 256;

const pause = () => new Promise((r) => setTimeout(r, PAUSE_MS));

/** Starts a retention run unless one is already under way (then that one is returned). */
export async function startRetentionRun(actor: AuditActor): Promise<JobView> {
  // A run under way is the answer, checked and created in one transaction (createJobUnlessActive).
  const { job, created } = await createJobUnlessActive({
    kind: 'retention',
    params: { actor } satisfies RetentionParams,
    createdBy: actor.id,
  });
  if (created) await runJob(job.id);
  return job;
}

/** When the last run started (any outcome): the daily timer's state, kept in the database. */
export async function lastRetentionStart(): Promise<number | null> {
  return (await listJobs('retention', 1))[0]?.createdAt ?? null;
}

async function sweep(ctx: JobContext, now: number): Promise<{ bodies: number; deliveries: number }> {
  const id = ctx.job.id;
  let bodies = 0;
  let deliveries = 0;
  // Whole deliveries first, so no work goes into clearing the bodies of rows about to be deleted.
  for (const scope of await retentionScopes(now)) {
    for (const step of [deleteDeliveriesBatch, removeBodiesBatch]) {
      let cursor: WalkCursor | null = null;
      do {
        if (await ctx.cancelled()) return { bodies, deliveries };
        const batch = await step(scope, cursor, BATCH);
        cursor = batch.next;
        if (step === deleteDeliveriesBatch) deliveries += batch.removed;
        else bodies += batch.removed;
        if (batch.removed)
          await addJobProgress(id, { processed: batch.removed, ok: batch.removed }, ctx.owner);
        await pause();
      } while (cursor);
    }
  }
  return { bodies, deliveries };
}

/**
 * Removes bodies, then whole deliveries, past their retention, per integration; gives the freed pages
 * back to the disk; records the run and writes one audit line saying what went. A restart resumes it
 * (the runner), and it simply carries on: what is gone is no longer found.
 */
registerJobKind('retention', async (ctx) => {
  const params = ctx.job.params as RetentionParams;
  const now = Date.now();
  const sizeBefore = await databaseBytes();
  await addJobProgress(
    ctx.job.id,
    { processed: 0, ok: 0, total: ctx.job.processed + (await countExpired(await retentionScopes(now))) },
    ctx.owner,
  );
  const removed = await sweep(ctx, now);
  while (!(await ctx.cancelled()) && (await reclaimFreePages(VACUUM_PAGES)) > 0) await pause();
  const freedBytes = Math.max(0, sizeBefore - (await databaseBytes()));
  await recordRetentionRun({ at: now, ...removed, freedBytes });
  const summary =
    `Retention removed the bodies of ${removed.bodies} deliveries and ${removed.deliveries} deliveries` +
    ` (${Math.round(freedBytes / 1024)} KB given back to the disk)${(await ctx.cancelled()) ? ', then was cancelled' : ''}.`;
  // A daily run that found nothing to remove leaves no line: the audit log says what went, not that nothing did.
  if (params.actor.id !== null || removed.bodies || removed.deliveries)
    await audit(
      params.actor,
      'retention.run',
      summary,
      { type: 'job', id: ctx.job.id },
      { ...removed, freedBytes },
    );
  return { message: summary };
});
