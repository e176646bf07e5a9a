import fs from 'node:fs';
import path from 'node:path';

import {
  consoleNumber,
  consoleRows,
  possibleDuplicates,
  sandboxCopies,
  websiteStatusCounts,
} from './support/db';
import { queueVisits } from './support/collector-load';
import { DATA_DIR, PORT } from './support/env';
import { expect, test } from './support/fixtures';
import { signIn, spawnConsole, startConsole, type ConsoleProcess } from './support/server-process';

// A console of our own, on a port derived from the suite's (E2E_PORT), so runs beside each other do not
// collide; it is stopped with SIGTERM, which the suite's own server must not be.
const OWN_PORT = PORT + 7;
const ADMIN = { email: 'shutdown-admin@example.com', password: 'shutdown-password-1' };
const TOTAL = 300;

/** The console's answer to /readyz, or 'refused' once its listener is closed. */
async function readyz(server: ConsoleProcess): Promise<string> {
  try {
    const res = await fetch(`${server.baseUrl}/readyz`);
    return `${res.status} ${await res.text()}`;
  } catch {
    return 'refused';
  }
}

const exitCode = (server: ConsoleProcess) =>
  new Promise<number | null>((resolve) => {
    if (server.child.exitCode !== null) resolve(server.child.exitCode);
    else server.child.once('exit', (code) => resolve(code));
  });

test.describe('graceful shutdown and the instance checks', () => {
  test.describe.configure({ mode: 'serial' });
  let dataDir: string;
  const env = {
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DELIVERY_TIMEOUT_MS: '4000',
    // Batches of 25 to the slow contact (1.5 s each): several are in flight when the signal comes.
    DELIVERY_BATCH_SIZE: '25',
    COLLECTOR_IP_PER_MINUTE: '1000000',
    COLLECTOR_ORIGIN_PER_MINUTE: '1000000',
  };

  test.beforeAll(() => {
    // A retry starts from an empty console of its own, not from the deliveries the failed try left.
    dataDir = path.join(DATA_DIR, `shutdown-${test.info().retry}-${Date.now()}`);
  });

  test('SIGTERM while sending: /readyz turns 503, sends in flight finish, exit 0, nothing left to recover', async () => {
    test.setTimeout(150_000);
    let server = await startConsole({ port: OWN_PORT, dataDir, env });
    const marker = `shutdown-${Date.now()}`;
    try {
      expect(await readyz(server)).toBe('200 ready');
      const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
      await queueVisits(server, cookie, { total: TOTAL, email: () => 'sandbox+slow@example.com', marker });
      // Sending is under way: the first batches came back.
      await expect
        .poll(async () => (await websiteStatusCounts(dataDir)).succeeded ?? 0, { timeout: 30_000 })
        .toBeGreaterThan(0);

      const exited = exitCode(server);
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      // Polled from the signal on (its handler runs a moment later), before the listener closes: the load
      // balancer's poll sees the drain.
      await expect
        .poll(() => readyz(server), { intervals: [50], timeout: 5000 })
        .toBe('503 not ready: draining: this instance is shutting down');
      expect(await exited).toBe(0);

      const atStop = await websiteStatusCounts(dataDir);
      expect(atStop.succeeded ?? 0, JSON.stringify(atStop)).toBeLessThan(TOTAL);
      // Every send that had left was answered and recorded; nothing waits for a lease to run out.
      expect(atStop.sending ?? 0, JSON.stringify(atStop)).toBe(0);
      expect(
        await consoleNumber("select count(*) as n from attempts where outcome = 'in-flight'", [], dataDir),
      ).toBe(0);
      expect(await possibleDuplicates(dataDir)).toBe(0);
      // Sends were in flight at the signal, and their answers came back and were recorded during the drain.
      expect(
        await consoleNumber(
          "select count(*) as n from attempts where outcome = 'succeeded' and started_at < ? and started_at + duration_ms > ?",
          [signalled, signalled],
          dataDir,
        ),
      ).toBeGreaterThan(0);
      const log = fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8');
      expect(log).toMatch(/shutdown: SIGTERM received, draining for up to 10\.0 s/);
      expect(log).toMatch(/shutdown: delivery thread done after/);
      expect(log).toMatch(/shutdown: drained in \d+\.\d s, exiting/);
      expect(log).not.toMatch(/cut short/);

      // The rest goes after a restart, each event exactly once.
      server = await startConsole({ port: OWN_PORT, dataDir, env });
      await expect
        .poll(() => websiteStatusCounts(dataDir), { timeout: 90_000, intervals: [1000] })
        .toEqual({ succeeded: TOTAL });
      expect(await sandboxCopies(dataDir, `${marker}-%`)).toEqual({ events: TOTAL, copies: TOTAL });
      expect(await possibleDuplicates(dataDir)).toBe(0);
    } finally {
      await server.stop().catch(() => undefined);
    }
  });

  test('SIGTERM during the start: the start goes no further, the drain closes the database, exit 0', async () => {
    // A console of its own, started fresh: its start migrates a new database, then prepares Next.
    const startDir = path.join(DATA_DIR, `shutdown-start-${test.info().retry}-${Date.now()}`);
    const logFile = path.join(startDir, 'server.log');
    const logged = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
    const { child } = await spawnConsole({ port: OWN_PORT, dataDir: startDir, env });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // The database is migrated and the admin made; preparing Next (a second or more here) is still ahead.
    await expect.poll(logged, { intervals: [20], timeout: 30_000 }).toContain('created the first admin');
    child.kill('SIGTERM');
    // Not killed by the signal (code null, signal SIGTERM: 143 in a shell), but through the drain.
    expect(await exited).toEqual({ code: 0, signal: null });
    const log = logged();
    expect(log).toMatch(/shutdown: SIGTERM received, draining for up to 10\.0 s/);
    expect(log).toMatch(/shutdown: start done after/);
    expect(log).toMatch(/shutdown: database done after/);
    expect(log).toMatch(/shutdown: drained in \d+\.\d s, exiting/);
    expect(log).not.toMatch(/cut short|startup|ready on/);
  });

  test('a start with another APP_SECRET_KEY than the database was set up with stops with one sentence', async () => {
    // What a start writes first: the admin from ADMIN_EMAIL, the sandbox, settings.
    const written = async () => ({
      users: await consoleNumber('select count(*) as n from users', [], dataDir),
      settings: await consoleRows('select key, updated_at from app_settings order by key', [], dataDir),
      integrations: await consoleRows('select id, updated_at from integrations order by id', [], dataDir),
    });
    const before = await written();
    const logFile = path.join(dataDir, 'wrong-key.log');
    const start = startConsole({
      port: OWN_PORT,
      dataDir,
      env: {
        ...env,
        APP_SECRET_KEY: 'a-key-no-other-instance-of-this-console-uses',
        ADMIN_EMAIL: 'another-admin@example.com',
        LOG_FILE: logFile,
      },
    });
    await expect(start).rejects.toThrow(`console on ${OWN_PORT} exited with 1`);
    expect(fs.readFileSync(logFile, 'utf8')).toContain(
      'APP_SECRET_KEY differs from the key this database was set up with: every instance must use the same key, so each can read the secrets the others stored;',
    );
    expect(await written()).toEqual(before);
  });
});
