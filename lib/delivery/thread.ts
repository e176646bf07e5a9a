/**
 * The delivery worker's thread (built to dist/delivery-thread.cjs and started by thread-host.ts).
 * Claiming, recording and settling deliveries is synchronous SQLite work; on its own thread it runs on
 * the second core instead of between the collector's requests and the pages.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { adoptSharedForegroundState } from './foreground';
import { THREAD_STOP, THREAD_WAKE, type ThreadData } from './thread-protocol';
import { startDeliveryWorker, wakeWorker } from './worker';

const data = workerData as ThreadData;
adoptSharedForegroundState(data.foreground);
const worker = startDeliveryWorker();

parentPort?.on('message', (message: unknown) => {
  if (message === THREAD_WAKE) wakeWorker();
  // Finish what is in flight (each send settles its row), then end the thread.
  else if (message === THREAD_STOP) void worker.stop().then(() => process.exit(0));
});
