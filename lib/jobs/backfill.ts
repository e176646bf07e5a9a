import 'server-only';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

import { createConverter } from '@/lib/backfill/convert';
import { csvBatches } from '@/lib/backfill/csv';
import { gcPacer } from '@/lib/backfill/heap';
import { deleteUpload, openUpload } from '@/lib/backfill/upload';
import {
  CANCELLED_BEFORE_START,
  cancelBackfill,
  claimBackfillStart,
  getBackfill,
  loadBackfillRun,
  openBackfillTable,
  type BackfillRun,
} from '@/lib/backfill/lifecycle';
import { problemOf } from '@/lib/backfill/scan';
import { toBackfillView, type BackfillView } from '@/lib/backfill/view';
import { JobLeaseLost } from '@/lib/data/job-leases';
import { getJob, markJobRunning, type JobView } from '@/lib/data/jobs';
import {
  returnToWaiting,
  setBackfillTotal,
  waitingUploadState,
  writeBackfillChunk,
  type BackfillChunkRow,
} from '@/lib/data/backfill-rows';
import { wakeWorker } from '@/lib/delivery/worker';
import { registerJobKind, runJob, type JobContext } from './runner';

/** Rows per transaction: big enough that SQLite is fast, small enough that memory and a cancel stay quick. */
export const BACKFILL_CHUNK = 500;

/**
 * The backfill job: streams the uploaded file, converts each row, and writes chunks of queued deliveries
 * for the worker to send. Resumes after the rows a previous run already wrote; a cancel is honoured
 * between chunks. The file is removed when the job ends (not when the process dies: then it resumes).
 */
export async function runBackfill(ctx: JobContext): Promise<{ message: string }> {
  let job = ctx.job;
  if (toBackfillView(job).plan) await markJobRunning(job.id);
  else {
    const started = await waitUntilStarted(ctx);
    if (!started) return { message: CANCELLED_BEFORE_START };
    job = started;
  }
  let run: BackfillRun;
  try {
    run = await loadBackfillRun(job);
  } catch (err) {
    if (!ctx.leaseLost()) await deleteUpload(job.id);
    throw err;
  }
  try {
    if (!run.totalKnown) await setBackfillTotal(run.id, await countRows(run));
    const table = await openBackfillTable(run);
    const converter = createConverter(table.columns, run.plan.mapping, run.plan.options);
    let chunk: BackfillChunkRow[] = [];
    const pace = gcPacer();
    const flush = async () => {
      await writeBackfillChunk(run, chunk, ctx.owner);
      pace(chunk.length);
      chunk = [];
      wakeWorker();
      // Let requests (the progress poll, the collector) in between chunks.
      await nextTurn();
    };
    read: for await (const batch of table.batches) {
      for (const { line, cells } of batch) {
        const result = converter.convert(cells);
        chunk.push(
          result.ok
            ? { line, event: result.event }
            : { line, problem: problemOf(line, result.errors).message },
        );
        if (chunk.length < BACKFILL_CHUNK) continue;
        await flush();
        if (await ctx.cancelled()) break read;
      }
    }
    if (chunk.length && !(await ctx.cancelled())) await flush();
    return { message: summary(await getBackfill(run.id), await ctx.cancelled()) };
  } finally {
    // A job that lost its lease stops without its file: the instance resuming it reads it.
    if (!ctx.leaseLost()) await deleteUpload(run.id);
  }
}

const WAIT_POLL_MS = 1000;
/** How long an upload nobody starts is kept (its file on disk or in the database) before it is closed. */
const UPLOAD_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * An upload still waiting for its mapping, picked up by an instance's look for unclaimed jobs
 * (lib/jobs/runner.ts resumeJobs): it stays waiting (one a crash left running goes back to waiting), and
 * this job sleeps until the person starts it (then it imports as usual, here: the start's own runJob finds
 * the job held) or closes or discards it. An upload nobody starts for a week is closed and its file removed.
 */
async function waitUntilStarted(ctx: JobContext): Promise<JobView | null> {
  const { job } = ctx;
  await returnToWaiting(job.id);
  for (;;) {
    await sleep(WAIT_POLL_MS);
    if (ctx.leaseLost()) throw new JobLeaseLost(job.id);
    const state = await waitingUploadState(job.id);
    if (state === 'closed') return null;
    if (state === 'started') {
      await markJobRunning(job.id);
      return await getJob(job.id);
    }
    if (Date.now() - job.createdAt > UPLOAD_KEPT_MS) {
      await cancelBackfill(job.id);
      return null;
    }
  }
}

async function countRows(run: BackfillRun): Promise<number> {
  let records = 0;
  for await (const batch of csvBatches(openUpload(run.id), run.plan.options.delimiter))
    records += batch.length;
  return Math.max(0, records - (run.plan.options.header ? 1 : 0));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function summary(v: BackfillView, cancelled: boolean): string {
  const parts = [`${plural(v.imported, 'row')} imported`];
  if (v.invalid) parts.push(`${plural(v.invalid, 'row')} with errors skipped`);
  if (v.duplicates) parts.push(`${plural(v.duplicates, 'duplicate')} skipped`);
  const head = cancelled
    ? `Cancelled after ${plural(v.processed, 'row')} of ${v.rows.toLocaleString('en-US')}: `
    : '';
  return `${head}${parts.join(', ')}.`;
}

// Marks itself running once started: an upload waits for its mapping as `pending`.
registerJobKind('backfill', runBackfill, { startsItself: true });

/** Fixes the mapping (once) and starts the import in the background of this process. */
export async function startBackfill(id: number, input: unknown): Promise<BackfillView> {
  await claimBackfillStart(id, input);
  await runJob(id);
  return await getBackfill(id);
}
