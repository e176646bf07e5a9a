import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { testOnEngine } from '@/lib/data/test-helpers';
import { listenForWakeUps } from '@/lib/data/wake-ups';
import { routeWakeUpsToOtherInstances } from './thread-host';
import { wakeWorker } from './worker';

describe('wake-ups between instances on PostgreSQL', { timeout: PG_TEST_TIMEOUT }, () => {
  testOnEngine('pg');

  it("what an instance without a worker of its own queues wakes another instance's listening worker", async () => {
    let wakes = 0;
    const listener = listenForWakeUps(() => wakes++);
    try {
      routeWakeUpsToOtherInstances();
      // The listener connects in the background: the collector's wake-up is repeated until it hears one.
      await expect
        .poll(
          async () => {
            wakeWorker();
            await new Promise((r) => setTimeout(r, 50));
            return wakes;
          },
          { timeout: 10_000 },
        )
        .toBeGreaterThan(0);
    } finally {
      await listener.stop();
    }
  });
});
