import 'server-only';

import { bulkIdsAfter, retryNow } from '@/lib/data/attention';
import { addJobProgress } from '@/lib/data/jobs';
import { wakeWorker } from '@/lib/delivery/worker';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { registerJobKind } from './runner';

export interface BulkRetryParams {
  filters: Omit<DeliveryFilters, 'cursor' | 'limit'>;
  /** Ids above this were written after the job started and are not part of it. */
  maxId: number;
  /** Where a resumed job carries on. */
  lastId?: number;
}

const CHUNK = 500;

/**
 * Retries everything the filters match (not only what a screen showed), in chunks so the server stays
 * responsive, noticing a cancel between chunks, and resuming after a restart from the last id done.
 */
registerJobKind('bulk-retry', async (ctx) => {
  const params = ctx.job.params as BulkRetryParams;
  let lastId = params.lastId ?? 0;
  let done = ctx.job.processed;
  for (;;) {
    if (ctx.cancelled()) return { message: `Cancelled after ${done} deliveries.` };
    const ids = bulkIdsAfter('retry', params.filters, lastId, params.maxId, CHUNK);
    if (!ids.length) break;
    const changed = retryNow(ids, Date.now());
    lastId = ids.at(-1)!;
    done += ids.length;
    addJobProgress(ctx.job.id, { processed: ids.length, ok: changed, params: { ...params, lastId } });
    wakeWorker();
    await new Promise((r) => setImmediate(r));
  }
  return { message: `${done} deliveries sent back to the queue.` };
});
