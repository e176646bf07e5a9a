import 'server-only';

import { stopRetrying } from '@/lib/data/delivery-chain';
import { runBulk } from './bulk-retry';
import { registerJobKind } from './runner';

export interface BulkCancelParams {
  /** Kept on every stopped delivery: who started the job, and why when they said. */
  note: string;
}

/** "Stop retrying" over a history filter: every waiting or retrying match ends as cancelled. */
const deliveries = (n: number) => `${n} deliver${n === 1 ? 'y' : 'ies'}`;

registerJobKind('bulk-cancel', async (ctx) => {
  const { note } = ctx.job.params as BulkCancelParams;
  // Counts what was stopped, not what was looked at: a match being sent at that moment is left to its
  // own answer (stopRetrying skips it), and the result says so instead of claiming it stopped.
  let stopped = ctx.job.okCount;
  const result = await runBulk(ctx, 'cancel', async (ids) => {
    const changed = await stopRetrying(ids, note, Date.now());
    stopped += changed;
    return changed;
  });
  if (typeof result !== 'number') return result;
  const skipped = result - stopped;
  return {
    message:
      `${deliveries(stopped)} stopped.` +
      (skipped > 0
        ? ` ${deliveries(skipped)} had ended or were being sent, and were left as they were.`
        : ''),
  };
});
