import 'server-only';

import { claimDeliveries, dueDeliveryIds, recoverExpiredLeases } from '@/lib/data/delivery-state';
import { logError, logInfo } from '@/lib/log';
import { leaseMs, PROCESS_OWNER, sendClaimed } from './send';

export interface WorkerOptions {
  /** Requests in flight at once. */
  concurrency?: number;
  /** How often to look for due deliveries when nothing wakes the worker. */
  pollMs?: number;
}

// The worker runs in the custom server's module graph, while route handlers run in Next's: a wake-up
// function on globalThis lets either side nudge it without importing the other.
const globalForWorker = globalThis as unknown as { __smWakeWorker?: () => void; __smWorkerStop?: () => Promise<void> };

/** Asks the worker to look for due deliveries now (e.g. right after the collector queued one). */
export function wakeWorker(): void {
  globalForWorker.__smWakeWorker?.();
}

/**
 * The in-process delivery worker: on start it recovers deliveries left "sending" by a previous run,
 * then sends whatever is due, claiming each under a lease so nothing is sent twice.
 */
export function startDeliveryWorker(opts: WorkerOptions = {}): { stop: () => Promise<void> } {
  const concurrency = opts.concurrency ?? 4;
  const pollMs = opts.pollMs ?? 1000;
  let stopped = false;
  let wake: (() => void) | undefined;
  const inFlight = new Set<Promise<void>>();

  globalForWorker.__smWakeWorker = () => wake?.();

  async function loop() {
    while (!stopped) {
      let worked = false;
      try {
        const now = Date.now();
        const recovered = recoverExpiredLeases(now);
        if (recovered) logInfo(`recovered ${recovered} deliveries interrupted by a restart`);
        const free = concurrency - inFlight.size;
        if (free > 0) {
          const due = dueDeliveryIds(now, free);
          const claimed = claimDeliveries(
            due.map((d) => d.id),
            PROCESS_OWNER,
            now,
            leaseMs(),
          );
          for (const row of claimed) {
            worked = true;
            const p = sendClaimed(row)
              .catch((err: unknown) => logError(`delivery ${row.id}`, err))
              .finally(() => {
                inFlight.delete(p);
                wake?.();
              });
            inFlight.add(p);
          }
        }
      } catch (err) {
        logError('delivery worker', err);
      }
      if (!worked || inFlight.size >= concurrency) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            wake = undefined;
            resolve();
          };
        });
      }
    }
  }

  void loop();
  const stop = async () => {
    stopped = true;
    wake?.();
    await Promise.allSettled([...inFlight]);
  };
  globalForWorker.__smWorkerStop = stop;
  return { stop };
}

