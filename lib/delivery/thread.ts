/**
 * The delivery worker's thread (built to dist/delivery-thread.cjs and started by thread-host.ts).
 * Claiming, recording and settling deliveries is synchronous SQLite work; on its own thread it runs on
 * the second core instead of between the collector's requests and the pages.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { openDatabase } from '@/lib/data/connection';
import { checkpoint } from '@/lib/data/wal';
import { listenForWakeUps } from '@/lib/data/wake-ups';
import { collectGarbage } from '@/lib/heap';
import { logError } from '@/lib/log';
import { adoptSharedForegroundState } from './foreground';
import { THREAD_STOP, THREAD_WAKE, type ThreadData } from './thread-protocol';
import { startDeliveryWorker, wakeWorker } from './worker';

/** How often this thread copies the WAL back into the database (the main thread does not). */
const CHECKPOINT_EVERY_MS = 1000;
/** How often it collects its garbage in full. */
const GC_EVERY_MS = 5000;

const data = workerData as ThreadData;

async function run(): Promise<void> {
  // This thread's own connection to the same file, or its own pool (its globalThis is its own). The main
  // thread opened the database first, so a failure here is rare; it ends the thread, which the host logs.
  await openDatabase();
  adoptSharedForegroundState(data.foreground);
  const worker = startDeliveryWorker();
  // On PostgreSQL, work queued by any instance wakes this worker (polling stays the fallback).
  const wakeUps = listenForWakeUps(wakeWorker);
  // The main thread leaves checkpoints to this one (thread-host.ts). Its own commits still trigger them;
  // this covers a queue with nothing to send while the collector keeps writing.
  const checkpoints = setInterval(() => {
    checkpoint().catch((err: unknown) => logError('checkpoint', err));
  }, CHECKPOINT_EVERY_MS);
  // Batches allocate tens of MB a second (events parsed, request bodies, attempt records) and keep little;
  // left alone, V8 let this thread's old generation grow by some 40 MB during a 100,000-row backfill. A
  // full collection every few seconds costs a few ms here and keeps that out of the process's RSS.
  const collections = setInterval(collectGarbage, GC_EVERY_MS);

  parentPort?.on('message', (message: unknown) => {
    if (message === THREAD_WAKE) wakeWorker();
    // Finish what is in flight (each send settles its row), then end the thread.
    else if (message === THREAD_STOP) {
      clearInterval(checkpoints);
      clearInterval(collections);
      void Promise.all([worker.stop(), wakeUps.stop()]).then(() => process.exit(0));
    }
  });
}

run().catch((err: unknown) => {
  logError('delivery thread start', err);
  process.exit(1);
});
