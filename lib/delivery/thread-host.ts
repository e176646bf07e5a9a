import 'server-only';

import { Worker } from 'node:worker_threads';

import { setAutoCheckpoint } from '@/lib/data/wal';
import { createWakeNotifier } from '@/lib/data/wake-ups';
import { logError } from '@/lib/log';
import { shareForegroundState } from './foreground';
import { THREAD_STOP, THREAD_WAKE, type ThreadData } from './thread-protocol';
import { routeWakeUps } from './worker';

/**
 * The delivery thread's young generation. V8's default (three 16 MB spaces) is sized for a process's
 * main thread; this one keeps little between batches, and the smaller size is RSS the process saves.
 */
const YOUNG_GENERATION_MB = 8;

/** A thread that ended by itself is started again after this long (the queue waits in the database). */
const RESTART_MS = 1000;

/**
 * Runs the delivery worker on its own thread (thread.ts, bundled at `file`). Wake-ups from the
 * collector, the composer and jobs on the main thread are passed to it as messages, and on PostgreSQL
 * to every instance's worker by NOTIFY (lib/data/wake-ups.ts). The database is the
 * only state the two threads share, apart from the collector's load counters. While it runs, it also
 * does the WAL checkpoints.
 */
export function startDeliveryThread(file: string): { stop: () => Promise<void> } {
  const data: ThreadData = { foreground: shareForegroundState() };
  let stopping = false;
  let thread: Worker | undefined;
  let restart: NodeJS.Timeout | undefined;

  const spawn = () => {
    const started = new Worker(file, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    thread = started;
    // While the thread runs it checkpoints the WAL; the main thread's commits then never wait on that.
    setAutoCheckpoint(false).catch((err: unknown) => logError('checkpoint setting', err));
    started.on('error', (err) => logError('delivery thread', err));
    started.on('exit', (code) => {
      thread = undefined;
      setAutoCheckpoint(true).catch((err: unknown) => logError('checkpoint setting', err));
      if (stopping) return;
      logError('delivery thread', new Error(`ended with code ${code}; starting it again`));
      restart = setTimeout(spawn, RESTART_MS);
      restart.unref();
    });
  };
  spawn();
  // On PostgreSQL the other instances' workers hear of the new work too, by one NOTIFY per turn.
  const notifyOtherInstances = createWakeNotifier();
  routeWakeUps(() => {
    thread?.postMessage(THREAD_WAKE);
    notifyOtherInstances();
  });

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearTimeout(restart);
        if (!thread) return resolve();
        thread.once('exit', () => resolve());
        thread.postMessage(THREAD_STOP);
      }),
  };
}

/**
 * For an instance without a delivery thread (DELIVERY_WORKER=off): what it queues still wakes the other
 * instances' workers on PostgreSQL (nothing on SQLite, where no other worker exists).
 */
export function routeWakeUpsToOtherInstances(): void {
  routeWakeUps(createWakeNotifier());
}
