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
  test('serves a postgres:// URL, and leaves nothing behind when stopped', async () => {
    const cluster = await startCluster();
    const port = Number(new URL(cluster.url).port);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query(`select current_setting('server_version_num')::int as v,
      current_setting('listen_addresses') as listen, current_setting('fsync') as fsync`);
    await client.end();
    expect(rows[0]).toEqual({ v: expect.any(Number), listen: '127.0.0.1', fsync: 'off' });
    expect(rows[0].v).toBeGreaterThanOrEqual(150000);
    await cluster.stop();
    expect(fs.existsSync(cluster.dir)).toBe(false);
    expect(await listening(port)).toBe(false);
  });

  test('is stopped and deleted when its process gets SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/pg-cluster.mjs'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const url = new URL((await lines.next()).value);
    const dir = /deletes (.*)\.$/.exec((await lines.next()).value)![1]!;
    expect(fs.existsSync(dir)).toBe(true);
    expect(await listening(Number(url.port))).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(fs.existsSync(dir)).toBe(false);
    expect(await listening(Number(url.port))).toBe(false);
  });

  test('without PostgreSQL 15 or newer, says what to install', async () => {
    await expect(startCluster({ root: '/nonexistent', pgConfig: '/nonexistent/pg_config' })).rejects.toThrow(
      /apt-get install postgresql/,
    );
  });
});
