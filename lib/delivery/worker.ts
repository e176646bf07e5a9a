import 'server-only';

import { claimDeliveries, dueDeliveryIds, recoverExpiredLeases } from '@/lib/data/delivery-state';
import { logError, logInfo } from '@/lib/log';
import { sendBatch } from './batch';
import { BUSY_BATCH_SIZE, foregroundBusy, MAX_DEFER_MS } from './foreground';
import { BATCH_MIN, BATCH_SIZE, planSends } from './plan';
import { leaseMs, PROCESS_OWNER, sendClaimed } from './send';

export interface WorkerOptions {
  /** Requests in flight at once (a batch counts as one). */
  concurrency?: number;
  /** How often to look for due deliveries when nothing wakes the worker. */
  pollMs?: number;
}

// The worker runs in the custom server's module graph, while route handlers run in Next's: a wake-up
// function on globalThis lets either side nudge it without importing the other.
const globalForWorker = globalThis as unknown as { __smWakeWorker?: () => void };

// A wake-up from outside waits a moment, so a stream of collector events is claimed as one batch, not
// one by one. A finished send frees a slot for work that is already due: no reason to wait then.
const COALESCE_MS = 20;

/** Asks the worker to look for due deliveries now (e.g. right after the collector queued one). */
export function wakeWorker(): void {
  globalForWorker.__smWakeWorker?.();
}

/**
 * The in-process delivery worker: on start (and on every pass) it recovers deliveries left "sending"
 * by a previous run, then sends whatever is due, claiming each under a lease so nothing is sent twice.
 */
export function startDeliveryWorker(opts: WorkerOptions = {}): { stop: () => Promise<void> } {
  const concurrency = opts.concurrency ?? 4;
  const pollMs = opts.pollMs ?? 1000;
  let stopped = false;
  let wake: ((afterMs: number) => void) | undefined;
  const inFlight = new Set<Promise<void>>();

  globalForWorker.__smWakeWorker = () => wake?.(COALESCE_MS);

  function track(p: Promise<void>, what: string) {
    const tracked = p
      .catch((err: unknown) => logError(what, err))
      .finally(() => {
        inFlight.delete(tracked);
        wake?.(0);
      });
    inFlight.add(tracked);
  }

  let lastRecovery = 0;
  let lastPass = 0;

  function pass(): boolean {
    const now = Date.now();
    let free = concurrency - inFlight.size;
    if (free <= 0) return false;
    // Background work yields to a burst of collector traffic, but never stops for long.
    const busy = foregroundBusy(now);
    if (busy && now - lastPass < MAX_DEFER_MS) return false;
    lastPass = now;
    const batchSize = busy ? Math.min(BATCH_SIZE, BUSY_BATCH_SIZE) : BATCH_SIZE;
    if (busy) free = inFlight.size === 0 ? 1 : 0;
    // Leases expire in tens of seconds; looking for expired ones every few seconds is plenty.
    if (now - lastRecovery > 5000) {
      lastRecovery = now;
      const recovered = recoverExpiredLeases(now);
      if (recovered) logInfo(`recovered ${recovered} deliveries interrupted by a restart`);
    }
    const { batches, singles } = planSends(dueDeliveryIds(now, free * batchSize), batchSize);
    let worked = false;
    for (const ids of batches) {
      if (free <= 0) break;
      const rows = claimDeliveries(ids, PROCESS_OWNER, now, leaseMs());
      if (rows.length) {
        track(
          rows.length >= BATCH_MIN
            ? sendBatch(rows)
            : Promise.all(rows.map(sendClaimed)).then(() => undefined),
          'delivery batch',
        );
        free--;
        worked = true;
      }
    }
    const rows = claimDeliveries(singles.slice(0, Math.max(free, 0)), PROCESS_OWNER, now, leaseMs());
    for (const row of rows) {
      track(sendClaimed(row), `delivery ${row.id}`);
      worked = true;
    }
    return worked;
  }

  async function loop() {
    while (!stopped) {
      let worked = false;
      try {
        worked = pass();
      } catch (err) {
        logError('delivery worker', err);
      }
      if (!worked || inFlight.size >= concurrency) {
        const busy = foregroundBusy();
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, busy ? 100 : pollMs);
          wake = (afterMs) => {
            clearTimeout(t);
            wake = undefined;
            if (afterMs > 0) setTimeout(resolve, afterMs);
            else setImmediate(resolve);
          };
        });
      } else {
        // Let requests (the collector above all) run between passes.
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  void loop();
  return {
    stop: async () => {
      stopped = true;
      wake?.(0);
      await Promise.allSettled([...inFlight]);
    },
  };
}
