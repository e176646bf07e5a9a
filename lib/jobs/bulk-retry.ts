import 'server-only';

import { bulkIdsAfter, retryNow, type BulkAction } from '@/lib/data/attention';
import { addJobProgress } from '@/lib/data/jobs';
import { wakeWorker } from '@/lib/delivery/worker';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { registerJobKind, type JobContext } from './runner';

export interface BulkParams {
  filters: Omit<DeliveryFilters, 'cursor' | 'limit'>;
  /** Ids above this were written after the job started and are not part of it. */
  maxId: number;
  /** Where a resumed job carries on. */
  lastId?: number;
}

const CHUNK = 500;

/**
 * A bulk action over everything the filters match (not only what a screen showed), in chunks so the
 * server stays responsive, noticing a cancel between chunks, and resuming after a restart from the last
 * id done. `apply` acts on one chunk and returns how many it changed.
 */
export async function runBulk(
  ctx: JobContext,
  action: BulkAction,
  apply: (ids: number[]) => Promise<number>,
): Promise<number | { message: string }> {
  const params = ctx.job.params as BulkParams;
  let lastId = params.lastId ?? 0;
  let done = ctx.job.processed;
  for (;;) {
    if (await ctx.cancelled()) return { message: `Cancelled after ${done} deliveries.` };
    const ids = await bulkIdsAfter(action, params.filters, lastId, params.maxId, CHUNK);
    if (!ids.length) break;
    const changed = await apply(ids);
    lastId = ids.at(-1)!;
    done += ids.length;
    // Fenced by the lease: after another instance took the job, this one's late chunk is not counted
    // twice (applying it twice changes nothing: a delivery already sent back is not sent back again).
    await addJobProgress(
      ctx.job.id,
      { processed: ids.length, ok: changed, params: { ...params, lastId } },
      ctx.owner,
    );
    await new Promise((r) => setImmediate(r));
  }
  return done;
}

registerJobKind('bulk-retry', async (ctx) => {
  const result = await runBulk(ctx, 'retry', async (ids) => {
    const changed = await retryNow(ids, Date.now());
    wakeWorker();
    return changed;
  });
  return typeof result === 'number' ? { message: `${result} deliveries sent back to the queue.` } : result;
});
