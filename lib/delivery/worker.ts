import 'server-only';

import { config } from '@/lib/config';
import { dueDeliveryIds } from '@/lib/data/delivery-due';
import { claimDeliveries, recoverExpiredLeases } from '@/lib/data/delivery-state';
import { retryOnConflict, withTransaction, writesRunConcurrently } from '@/lib/data/engine';
import { logError, logInfo } from '@/lib/log';
import { startBatch } from './batch';
import { BUSY_BATCH_SIZE, foregroundBusy, MAX_DEFER_MS } from './foreground';
import { BATCH_MIN, planSends } from './plan';
import { leaseMs, post, PROCESS_OWNER, startSingle, type Outgoing } from './send';

export interface WorkerOptions {
  /** Requests in flight at once (a batch counts as one). */
  concurrency?: number;
  /** How often to look for due deliveries when nothing wakes the worker. */
  pollMs?: number;
}

// The worker runs on its own thread (thread-host.ts), while route handlers run in Next's module graph on
// the main thread: a wake-up function on globalThis lets any of them nudge it without importing it.
const globalForWorker = globalThis as unknown as { __smWakeWorker?: () => void };

// A wake-up from outside waits a moment, so a stream of collector events is claimed as one batch, not
// one by one. A finished send frees a slot for work that is already due: no reason to wait then.
const COALESCE_MS = 20;

/** Asks the worker to look for due deliveries now (e.g. right after the collector queued one). */
export function wakeWorker(): void {
  globalForWorker.__smWakeWorker?.();
}

/** On the main thread: where wake-ups go (the delivery thread). */
export function routeWakeUps(wake: () => void): void {
  globalForWorker.__smWakeWorker = wake;
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
  /**
   * Answers that came back and are not written yet. The next pass writes them in the transaction that
   * claims the next work: one commit per batch instead of two, and a commit rewrites every page it
   * touched, which made commits the sender's largest cost. A slot is free only once its answer is
   * written, so a kill never finds more unrecorded sends than the concurrency.
   */
  const answered: Array<() => Promise<void>> = [];

  globalForWorker.__smWakeWorker = () => wake?.(COALESCE_MS);

  /** Sends a slot's deliveries (one batch, or a few singles) and queues their answers for recording. */
  function track(slot: Outgoing[]) {
    let pending = slot.length;
    const tracked: Promise<void> = Promise.all(
      slot.map(async (outgoing) => {
        const record = await post(outgoing);
        // The slot frees with its last answer's record, written or not (a failed write is logged).
        answered.push(
          --pending > 0
            ? record
            : async () => {
                try {
                  await record();
                } finally {
                  inFlight.delete(tracked);
                }
              },
        );
      }),
    )
      .then(() => undefined)
      .catch((err: unknown) => {
        logError('delivery', err);
        inFlight.delete(tracked);
      })
      .finally(() => wake?.(0));
    inFlight.add(tracked);
  }

  async function recordAnswers(): Promise<boolean> {
    const records = answered.splice(0);
    for (const record of records) {
      try {
        // A savepoint each inside the pass's transaction (SQLite), a transaction each on PostgreSQL: a
        // record that fails is undone alone, and the others are still committed.
        await retryOnConflict(() => withTransaction(record));
      } catch (err) {
        // The rows stay leased; when the lease runs out they are retried and marked possibly duplicated.
        logError('recording a delivery answer', err);
      }
    }
    return records.length > 0;
  }

  /** Starts claimed deliveries one by one, in order (each records its attempt). */
  async function startEach(rows: Awaited<ReturnType<typeof claimDeliveries>>) {
    const started: Array<Outgoing | undefined> = [];
    for (const row of rows) started.push(await startSingle(row));
    return started;
  }

  let lastRecovery = 0;
  let lastPass = 0;

  /**
   * What is due, read before the write transaction (a read needs no lock in WAL mode, and the other
   * thread's writes wait while this one holds it). Enough for every slot: answers written in the
   * transaction free theirs. The claim checks each row again, so a stale list is harmless.
   */
  async function planWork(now: number) {
    // Background work yields to a burst of collector traffic, but never stops for long.
    const busy = foregroundBusy(now);
    if (busy && now - lastPass < MAX_DEFER_MS) return undefined;
    const { deliveryBatchSize } = config();
    const batchSize = busy ? Math.min(deliveryBatchSize, BUSY_BATCH_SIZE) : deliveryBatchSize;
    const slots = busy ? 1 : concurrency;
    return { busy, ...planSends(await dueDeliveryIds(now, slots * batchSize), batchSize) };
  }

  type Plan = NonNullable<Awaited<ReturnType<typeof planWork>>>;

  /** Claims and starts what is due (attempts recorded as in flight); returns the slots to send. */
  async function claimWork(now: number, plan: Plan): Promise<Outgoing[][]> {
    let free = concurrency - inFlight.size;
    if (plan.busy) free = inFlight.size === 0 ? 1 : 0;
    if (free <= 0) return [];
    lastPass = now;
    // Leases expire in tens of seconds; looking for expired ones every few seconds is plenty.
    if (now - lastRecovery > 5000) {
      lastRecovery = now;
      const recovered = await recoverExpiredLeases(now);
      if (recovered) logInfo(`recovered ${recovered} deliveries interrupted by a restart`);
    }
    const slots: Outgoing[][] = [];
    for (const ids of plan.batches) {
      if (free <= 0) break;
      const rows = await claimDeliveries(ids, PROCESS_OWNER, now, leaseMs());
      const started = rows.length >= BATCH_MIN ? [await startBatch(rows)] : await startEach(rows);
      const slot = started.filter((o) => o !== undefined);
      if (slot.length) {
        slots.push(slot);
        free--;
      }
    }
    const singles = plan.singles.slice(0, Math.max(free, 0));
    for (const one of await startEach(await claimDeliveries(singles, PROCESS_OWNER, now, leaseMs()))) {
      if (one) slots.push([one]);
    }
    return slots;
  }

  async function pass(): Promise<boolean> {
    const now = Date.now();
    const plan = answered.length > 0 || inFlight.size < concurrency ? await planWork(now) : undefined;
    if (!plan && answered.length === 0) return false;
    // Claims and their in-flight attempts are committed before anything is sent: a crash after a
    // request left always finds its attempt recorded.
    const { recorded, slots } = writesRunConcurrently()
      ? await recordWhileClaiming(now, plan)
      : await withTransaction(async () => ({
          recorded: await recordAnswers(),
          // A savepoint: a failed claim is undone alone, and the answers above are still committed.
          slots: plan ? await claimSafely(now, plan) : [],
        }));
    for (const slot of slots) track(slot);
    return recorded || slots.length > 0;
  }

  /** Claims in a transaction (or savepoint) of its own; a failure is logged and claims nothing. */
  async function claimSafely(now: number, plan: Plan): Promise<Outgoing[][]> {
    try {
      return await withTransaction(() => claimWork(now, plan));
    } catch (err) {
      logError('delivery worker', err);
      return [];
    }
  }

  /**
   * PostgreSQL: the answers and the next claim touch different rows, so they commit at once, each on a
   * pooled client of its own, and the database works on both while this thread builds the next batch.
   * On one transaction, as on SQLite, the claim waited for every settlement: the sender spent half its
   * time waiting on one statement after another. Each answer commits alone: answers held in one
   * transaction would hold their rollup rows' locks together, in no common order with another
   * instance's (a deadlock between them is retried, retryOnConflict).
   */
  async function recordWhileClaiming(now: number, plan: Plan | undefined) {
    const [recorded, slots] = await Promise.all([recordAnswers(), plan ? claimSafely(now, plan) : []]);
    return { recorded, slots };
  }

  async function loop() {
    while (!stopped) {
      let worked = false;
      try {
        worked = await pass();
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

  const looping = loop();
  return {
    stop: async () => {
      stopped = true;
      wake?.(0);
      // A pass under way may be claiming: its sends join inFlight only when it ends, so wait for it first.
      await looping;
      await Promise.allSettled([...inFlight]);
      // As in a pass: one transaction on SQLite, one per answer on PostgreSQL (recordWhileClaiming).
      await (writesRunConcurrently() ? recordAnswers() : withTransaction(recordAnswers));
    },
  };
}
