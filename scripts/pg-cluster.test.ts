import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import pg from 'pg';
import { describe, expect, test } from 'vitest';

// @ts-expect-error: a plain .mjs module of the test harness, without types
import { startCluster } from './pg-cluster.mjs';

/** Whether something accepts connections on the port (the cluster's server). */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the throwaway PostgreSQL cluster (scripts/pg-cluster.mjs)', () => {
  // One cluster of its own (each costs an initdb): started by the command line, used, then stopped by a
  // signal, which runs the same stop as the tests' teardown (stop()) and the exit handler.
  test('serves a loopback postgres:// URL, and is stopped and deleted when its process gets SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/pg-cluster.mjs'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const url = new URL((await lines.next()).value);
    const dir = /deletes (.*)\.$/.exec((await lines.next()).value)![1]!;
    expect(fs.existsSync(dir)).toBe(true);
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    const { rows } = await client.query(`select current_setting('server_version_num')::int as v,
      current_setting('listen_addresses') as listen, current_setting('fsync') as fsync`);
    await client.end();
    expect(rows[0]).toEqual({ v: expect.any(Number), listen: '127.0.0.1', fsync: 'off' });
    expect(rows[0].v).toBeGreaterThanOrEqual(150000);
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(fs.existsSync(dir)).toBe(false);
    expect(await listening(Number(url.port))).toBe(false);
  }, 30_000); // initdb and a start take seconds on a busy machine

  test('without PostgreSQL 15 or newer, says what to install', async () => {
    await expect(startCluster({ root: '/nonexistent', pgConfig: '/nonexistent/pg_config' })).rejects.toThrow(
      /apt-get install postgresql/,
    );
  });
});
