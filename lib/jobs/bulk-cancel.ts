import 'server-only';

import { stopRetrying } from '@/lib/data/delivery-chain';
import { runBulk } from './bulk-retry';
import { registerJobKind } from './runner';

export interface BulkCancelParams {
  /** Kept on every stopped delivery: who started the job, and why when they said. */
  note: string;
}

/** "Stop retrying" over a history filter: every waiting or retrying match ends as cancelled. */
registerJobKind('bulk-cancel', async (ctx) => {
  const { note } = ctx.job.params as BulkCancelParams;
  const result = await runBulk(ctx, 'cancel', (ids) => stopRetrying(ids, note, Date.now()));
  return typeof result === 'number' ? { message: `${result} deliveries stopped.` } : result;
});
