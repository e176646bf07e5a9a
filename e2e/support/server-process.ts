import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { ensureDatabaseFor, onPostgres } from './db';

/**
 * A second console process of our own (its own port and data directory), for tests that must kill and
 * restart the server. It runs the same production build as the main test server.
 */
export interface ConsoleProcess {
  baseUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hooks, exactly like a crash or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

interface ConsoleOptions {
  port: number;
  dataDir: string;
  /** A database shared with other instances (e2e/support/instances.ts); otherwise the data directory's own. */
  databaseUrl?: string;
  env?: Record<string, string>;
}

/** Starts a console process and returns at once, before it listens (startConsole waits for /healthz). */
export async function spawnConsole(opts: ConsoleOptions): Promise<{ baseUrl: string; child: ChildProcess }> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  // On a PostgreSQL run the console's data lives in the database of its data directory (kept across restarts).
  const database = onPostgres
    ? {
        DATABASE_URL: opts.databaseUrl ?? (await ensureDatabaseFor(opts.dataDir)),
        APP_SECRET_KEY: process.env.E2E_APP_SECRET_KEY!,
      }
    : {};
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const child = spawn(process.execPath, ['dist/server.cjs'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATA_DIR: opts.dataDir,
      LOG_FILE: path.join(opts.dataDir, 'server.log'),
      ...database,
      ...opts.env,
    },
    stdio: 'ignore',
  });
  return { baseUrl, child };
}

export async function startConsole(opts: ConsoleOptions): Promise<ConsoleProcess> {
  const { baseUrl, child } = await spawnConsole(opts);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`console on ${opts.port} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`console on ${opts.port} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir: opts.dataDir,
    child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in over HTTP and returns the session cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A loopback port nothing listens on now, for a console of a test's own. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
