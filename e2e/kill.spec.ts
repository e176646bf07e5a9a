import path from 'node:path';

import { possibleDuplicates, sandboxCopies, websiteStatusCounts } from './support/db';
import { DATA_DIR } from './support/env';
import { expect, test } from './support/fixtures';
import { queueVisits } from './support/collector-load';
import { signIn, startConsole } from './support/server-process';

const ADMIN = { email: 'kill-admin@example.com', password: 'kill-password-1' };
const TOTAL = 2000;

for (const scenario of [
  {
    name: 'one by one',
    batchSize: '1',
    email: (i: number) => `kill${i % 10}@example.com`,
    waitMs: 2500,
    maxDupes: 4,
  },
  {
    name: 'during a batch',
    batchSize: '400',
    email: () => 'sandbox+slow@example.com',
    waitMs: 300,
    maxDupes: 4 * 400,
  },
]) {
  test(`${TOTAL} deliveries survive a SIGKILL while sending ${scenario.name}`, async () => {
    test.setTimeout(240_000);
    // A retry starts from an empty console of its own, not from the deliveries the failed try left.
    const dataDir = path.join(DATA_DIR, `kill-${scenario.batchSize}-${test.info().retry}`);
    const env = {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DELIVERY_TIMEOUT_MS: '4000',
      DELIVERY_BATCH_SIZE: scenario.batchSize,
      COLLECTOR_IP_PER_MINUTE: '1000000',
      COLLECTOR_ORIGIN_PER_MINUTE: '1000000',
    };
    let server = await startConsole({ port: 3193, dataDir, env });
    const marker = `kill-${scenario.batchSize}-${Date.now()}`;
    try {
      const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
      await queueVisits(server, cookie, { total: TOTAL, email: scenario.email, marker });
      await new Promise((r) => setTimeout(r, scenario.waitMs));
      await server.kill();
      const atKill = await websiteStatusCounts(dataDir);
      expect(atKill.succeeded ?? 0, JSON.stringify(atKill)).toBeLessThan(TOTAL);

      server = await startConsole({ port: 3193, dataDir, env });
      await expect
        .poll(() => websiteStatusCounts(dataDir), { timeout: 180_000, intervals: [1000] })
        .toEqual({ succeeded: TOTAL });

      // None lost; a second copy only for deliveries whose attempt was in flight, each of them flagged.
      const { events, copies } = await sandboxCopies(dataDir, `${marker}-%`);
      expect(events).toBe(TOTAL);
      const flagged = await possibleDuplicates(dataDir, "source = 'website'");
      expect(copies - TOTAL).toBeLessThanOrEqual(flagged);
      expect(flagged).toBeLessThanOrEqual(scenario.maxDupes);
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
}
