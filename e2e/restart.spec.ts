import path from 'node:path';

import { possibleDuplicates, sandboxCopies, websiteStatusCounts } from './support/db';
import { DATA_DIR } from './support/env';
import { expect, test } from './support/fixtures';
import { signIn, startConsole, type ConsoleProcess } from './support/server-process';

const ORIGIN = 'https://shop.example.com';
const ADMIN = { email: 'restart-admin@example.com', password: 'restart-password-1' };

test('deliveries queued or in flight when the server is killed are all delivered after a restart', async () => {
  test.setTimeout(150_000);
  // A retry starts from an empty console of its own, not from the deliveries the failed try left.
  const dataDir = path.join(DATA_DIR, `restart-${test.info().retry}`);
  // One event per request: batched, the 40 slow sends could all finish in one 1.5 s request before the
  // kill (they did once, when a loaded machine posted them slowly enough for the sandbox to know the
  // contact by the second event), and the test would find nothing in flight to recover.
  const env = {
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DELIVERY_TIMEOUT_MS: '4000',
    DELIVERY_BATCH_SIZE: '1',
  };
  let server: ConsoleProcess = await startConsole({ port: 3191, dataDir, env });
  try {
    const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    const { items } = (await (
      await fetch(`${server.baseUrl}/api/integrations`, { headers: { cookie } })
    ).json()) as {
      items: Array<{ id: number; collector: { url: string } }>;
    };
    const sandbox = items[0]!;
    const patched = await fetch(`${server.baseUrl}/api/integrations/${sandbox.id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: ['VISIT'] },
      }),
    });
    expect(patched.status).toBe(200);

    // The slow magic contact answers after 1.5 s, so most events are still queued when the kill comes.
    const marker = `restart-${Date.now()}`;
    const total = 40;
    for (let i = 0; i < total; i++) {
      const res = await fetch(sandbox.collector.url, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'text/plain' },
        body: JSON.stringify({
          type: 'VISIT',
          email: 'sandbox+slow@example.com',
          description: `${marker}-${i}`,
        }),
      });
      expect(res.status).toBe(202);
    }
    await new Promise((r) => setTimeout(r, 2500));
    await server.kill();
    const atKill = await websiteStatusCounts(dataDir);
    expect((atKill.queued ?? 0) + (atKill.sending ?? 0), JSON.stringify(atKill)).toBeGreaterThan(0);

    server = await startConsole({ port: 3191, dataDir, env });
    await expect
      .poll(() => websiteStatusCounts(dataDir), { timeout: 120_000, intervals: [1000] })
      .toEqual({ succeeded: total });

    // Nothing was lost; an event reached the sandbox twice only if it was in flight at the kill.
    const dupes = await possibleDuplicates(dataDir);
    const { copies } = await sandboxCopies(dataDir, `${marker}%`);
    expect(copies).toBeGreaterThanOrEqual(total);
    expect(copies - total).toBeLessThanOrEqual(dupes);
    // In flight at the kill: at most the worker's concurrency (4) times a batch.
    expect(dupes).toBeLessThan(total);
  } finally {
    await server.stop().catch(() => undefined);
  }
});
