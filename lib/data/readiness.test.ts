import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { setDbForTests, setPgEngine, type Db } from '@/db';
import { runPgMigrations } from '@/db/migrate-pg';
import { pgHandle } from '@/db/pg';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from '@/db/test-helpers';
import { serveReadiness } from '@/lib/health';
import { drainAndExit, resetShutdownForTests } from '@/lib/shutdown';
// @ts-expect-error: a plain .mjs module of the test harness, without types
import { startCluster } from '@/scripts/pg-cluster.mjs';
import { rawExecute } from './engine';
import { checkReadiness, forgetMigrationsForTests } from './readiness';
import { ENGINES, testOnEngine } from './test-helpers';

afterEach(() => {
  resetShutdownForTests();
  forgetMigrationsForTests();
});

const MIGRATIONS_MISSING = /^not ready: migrations missing: the database has not applied \d{4}_\w+$/;

/** GET /readyz as server.ts answers it, on a loopback server: the status and the body. */
async function askReadyz(): Promise<{ status: number; body: string }> {
  const server = http.createServer((_req, res) => void serveReadiness(res, checkReadiness));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    return { status: res.status, body: await res.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe.each(ENGINES)('/readyz on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('answers 200 "ready" when the database answers and has every migration', async () => {
    expect(await askReadyz()).toEqual({ status: 200, body: 'ready' });
  });

  it('answers 503 at once when a shutdown began, with the reason on one line', async () => {
    // The drain has nothing to stop here (no targets): it goes straight to its exit, which is ours.
    let code: number | undefined;
    await drainAndExit('SIGTERM', { graceMs: 1000, exit: (c) => (code = c) });
    expect(code).toBe(0);
    expect(await askReadyz()).toEqual({
      status: 503,
      body: 'not ready: draining: this instance is shutting down',
    });
  });

  it("answers 503 while the build's newest migration is missing from the database", async () => {
    const table = kind === 'pg' ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
    await rawExecute(sql`delete from ${table} where created_at = (select max(created_at) from ${table})`);
    const { status, body } = await askReadyz();
    expect(status).toBe(503);
    expect(body).toMatch(MIGRATIONS_MISSING);
  });
});

describe.each(ENGINES)(
  '/readyz on a %s database that was never migrated',
  { timeout: PG_TEST_TIMEOUT },
  (kind) => {
    // Not testOnEngine: it migrates. A database with none of the console's tables, not even drizzle's
    // record of migrations (PostgreSQL answers 42P01, SQLite "no such table").
    beforeAll(async () => {
      if (kind === 'pg') setPgEngine(pgHandle(pgTestPool(await freshPgDatabase())));
      else setDbForTests(drizzle(new Database(':memory:')) as unknown as Db);
    }, PG_TEST_TIMEOUT);
    afterAll(() => {
      setPgEngine(undefined);
      setDbForTests(undefined);
    });

    it('answers 503 saying the migrations are missing, as for an out-of-date database', async () => {
      const { status, body } = await askReadyz();
      expect(status).toBe(503);
      expect(body).toMatch(MIGRATIONS_MISSING);
    });
  },
);

describe('/readyz while the PostgreSQL server is stopped', () => {
  // A cluster of its own: stopping the run's shared one would fail every other test file.
  let cluster: { url: string; stop(): Promise<void>; pause(): Promise<void>; resume(): Promise<void> };
  beforeAll(async () => {
    cluster = await startCluster();
    const pool = pgTestPool(cluster.url);
    await runPgMigrations(pool);
    setPgEngine(pgHandle(pool));
  }, 60_000);
  afterAll(async () => {
    setPgEngine(undefined);
    await cluster?.stop();
  });

  it('answers 503 without the address or password while stopped, and 200 once it is back', async () => {
    expect(await checkReadiness()).toEqual({ ready: true });
    await cluster.pause();
    const down = await askReadyz();
    expect(down.status).toBe(503);
    expect(down.body).toMatch(
      /^not ready: (the database could not be reached( \([\w-]+\))?|the database did not answer within 1000 ms)$/,
    );
    const { port, password } = new URL(cluster.url);
    expect(down.body).not.toContain(port);
    expect(down.body).not.toContain(password);
    await cluster.resume();
    // The pool drops the connections the stop broke, and opens new ones.
    await expect.poll(askReadyz, { timeout: 10_000 }).toEqual({ status: 200, body: 'ready' });
  }, 60_000);
});
