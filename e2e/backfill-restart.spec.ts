import path from 'node:path';

import { consoleRows } from './support/db';
import { DATA_DIR, PORT } from './support/env';
import { expect, test } from './support/fixtures';
import { signIn, startConsole, type ConsoleProcess } from './support/server-process';

const ADMIN = { email: 'backfill-restart@example.com', password: 'backfill-restart-1' };
const ROWS = 40_000;

/** What the import wrote, read from the database file as the process left it. */
async function written(
  dataDir: string,
): Promise<{ rows: number; distinct: number; processed: number; ok: number }> {
  const [d] = await consoleRows<{ rows: number; distinct_ids: number }>(
    "select count(*) as rows, count(distinct external_id) as distinct_ids from deliveries where source = 'backfill' and external_id like 'R-%'",
    [],
    dataDir,
  );
  const [j] = await consoleRows<{ processed: number; ok_count: number }>(
    "select processed, ok_count from jobs where kind = 'backfill' order by id desc limit 1",
    [],
    dataDir,
  );
  return { rows: d!.rows, distinct: d!.distinct_ids, processed: j!.processed, ok: j!.ok_count };
}

function csv(rows: number, prefix: string): string {
  const lines = ['order_id,email,created_at,total'];
  for (let i = 0; i < rows; i++)
    lines.push(`${prefix}-${i},restart${i % 10}@example.com,2025-05-01 12:00,${i % 100}.5`);
  return `${lines.join('\n')}\n`;
}

test('an import killed mid-way resumes after the rows already written, and a waiting upload still waits', async () => {
  test.setTimeout(240_000);
  // A retry starts from an empty console of its own, not from what the failed try left.
  const dataDir = path.join(DATA_DIR, `backfill-restart-${test.info().retry}`);
  const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
  const port = PORT + 50;
  let server: ConsoleProcess = await startConsole({ port, dataDir, env });
  try {
    let cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(server.baseUrl + url, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `${method} ${url}`).toBeLessThan(300);
      return res.json();
    };
    const upload = async (text: string) => {
      const { items } = await call('GET', '/api/integrations');
      const res = await fetch(`${server.baseUrl}/api/backfill?integrationId=${items[0].id}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv' },
        body: text,
      });
      expect(res.status).toBe(201);
      return res.json();
    };
    const plan = (job: { suggested: { mapping: unknown } }) => ({
      mapping: job.suggested.mapping,
      options: { delimiter: ',', header: true, timeZone: 'Europe/Warsaw' },
    });

    const waiting = await upload(csv(5, 'W'));
    const big = await upload(csv(ROWS, 'R'));
    await call('POST', `/api/backfill/${big.id}/start`, plan(big));
    await expect
      .poll(async () => (await call('GET', `/api/backfill/${big.id}`)).processed, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(2000);
    await server.kill();

    // Progress and deliveries commit together: what the job says it did is exactly what is there.
    const atKill = await written(dataDir);
    expect(atKill.processed).toBeLessThan(ROWS);
    expect(atKill.rows).toBe(atKill.ok);
    expect(atKill.distinct).toBe(atKill.rows);

    server = await startConsole({ port, dataDir, env });
    cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    await expect
      .poll(async () => (await call('GET', `/api/backfill/${big.id}`)).status, { timeout: 120_000 })
      .toBe('succeeded');
    const after = await written(dataDir);
    expect(after).toEqual({ rows: ROWS, distinct: ROWS, processed: ROWS, ok: ROWS });

    // The upload nobody had started is still waiting for its mapping, and imports once started.
    expect(await call('GET', `/api/backfill/${waiting.id}`)).toMatchObject({ status: 'pending', plan: null });
    await call('POST', `/api/backfill/${waiting.id}/start`, plan(waiting));
    await expect
      .poll(async () => (await call('GET', `/api/backfill/${waiting.id}`)).status, { timeout: 30_000 })
      .toBe('succeeded');
    expect((await call('GET', `/api/backfill/${waiting.id}`)).imported).toBe(5);
  } finally {
    await server.stop();
  }
});
