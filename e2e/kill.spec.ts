import path from 'node:path';

import { postVisits } from './support/collector';
import { possibleDuplicates, sandboxCopies, websiteStatusCounts } from './support/db';
import { DATA_DIR } from './support/env';
import { expect, test } from './support/fixtures';
import { signIn, startConsole, type ConsoleProcess } from './support/server-process';

const ORIGIN = 'https://shop.example.com';
const ADMIN = { email: 'kill-admin@example.com', password: 'kill-password-1' };
const TOTAL = 2000;

async function queueEvents(
  server: ConsoleProcess,
  cookie: string,
  email: (i: number) => string,
  marker: string,
) {
  const { items } = (await (
    await fetch(`${server.baseUrl}/api/integrations`, { headers: { cookie } })
  ).json()) as {
    items: Array<{ id: number; collector: { url: string } }>;
  };
  const sandbox = items[0]!;
  await fetch(`${server.baseUrl}/api/integrations/${sandbox.id}`, {
    method: 'PATCH',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: ['VISIT'] } }),
  });
  // Contacts first: a batch only adds events to contacts SALESmanago already knows.
  for (let c = 0; c < 10; c++) {
    await fetch(`${server.baseUrl}/api/integrations/${sandbox.id}/events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'LOGIN', email: email(c) }),
    });
  }
  expect(await postVisits(sandbox.collector.url, { total: TOTAL, origin: ORIGIN, email, marker })).toEqual(
    [],
  );
}

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
      await queueEvents(server, cookie, scenario.email, marker);
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
