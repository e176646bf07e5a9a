// Shared helpers for the benchmarks: a console process of our own, sign-in, and autocannon runs.
// Benchmarks are not tests: they print figures and never run in `npm test`.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

import { startCluster } from '../pg-cluster.mjs';

export const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };

export async function waitFor(url, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The benchmark's arguments: `--database postgres://…` (or `--database=…`) runs the console on PostgreSQL,
 * `--database pg` or `--pg` on a throwaway cluster of its own (scripts/pg-cluster.mjs); the rest are the
 * positional arguments each benchmark documents. `database` is undefined for SQLite.
 */
export function benchArgs(argv = process.argv.slice(2)) {
  const positional = [];
  let database;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pg') database = 'pg';
    else if (a === '--database') database = argv[++i] ?? '';
    else if (a.startsWith('--database=')) database = a.slice('--database='.length);
    else positional.push(a);
  }
  if (database !== undefined && database !== 'pg' && !/^postgres(ql)?:\/\//.test(database))
    throw new Error('--database takes a postgres:// address, or "pg" for a throwaway cluster');
  return { positional, database };
}

/** The key the console encrypts secrets with on PostgreSQL (APP_SECRET_KEY is required there). */
export const BENCH_SECRET_KEY = randomBytes(32).toString('hex');

/**
 * The PostgreSQL server a benchmark runs on, or undefined for SQLite: the given address, or a throwaway
 * cluster (`pg`) started here and stopped by `stop()` (also when the process exits: pg-cluster.mjs).
 * Each round gets a fresh database of its own on that server (`freshDatabase`), as each SQLite round
 * gets a fresh data directory.
 */
export async function benchServer(database) {
  if (database === undefined) return undefined;
  if (database !== 'pg') return { url: database, stop: async () => {} };
  const cluster = await startCluster();
  return { url: cluster.url, stop: cluster.stop };
}

/** The address `url` names with another database. */
const withDatabase = (url, name) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * Creates the empty database `name` on the server and returns its address and `drop()`. The user in
 * --database must be allowed to create databases: the benchmark never writes into the one it was given.
 */
export async function freshDatabase(server, name) {
  const admin = (statement) => withPg(server.url, (client) => client.query(statement));
  try {
    await admin(`drop database if exists "${name}" with (force)`);
    await admin(`create database "${name}"`);
  } catch (err) {
    throw new Error(
      `Could not create the benchmark's database ${name} (${err.message}): the user in --database needs CREATEDB.`,
    );
  }
  return {
    url: withDatabase(server.url, name),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}

/** Runs `read(client)` on a connection of its own to `url` (a benchmark reading the console's database). */
export async function withPg(url, read) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await read(client);
  } finally {
    await client.end();
  }
}

/**
 * Starts the production console (npm run build first) with a fresh data directory; `cwd` runs another
 * built checkout (the Lighthouse benchmark's --compare). With `databaseUrl` it runs on that PostgreSQL
 * database instead of SQLite in the data directory.
 */
export async function startConsole({
  port,
  dataDir,
  env = {},
  keep = false,
  cwd = process.cwd(),
  databaseUrl,
}) {
  if (!fs.existsSync(path.join(cwd, 'dist/server.cjs')))
    throw new Error(`Build first: npm run build in ${cwd}`);
  // keep: reuse the data directory of an earlier start (the same database, key and queue).
  if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_PROFILE=<dir> writes a CPU profile of each console process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, 'dist/server.cjs'], {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, APP_SECRET_KEY: BENCH_SECRET_KEY } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`${baseUrl}/healthz`);
  return { baseUrl, child, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

/**
 * startConsole, sure that the console answering is ours: another benchmark's console on the same port
 * (other sessions run theirs on this machine, with the same admin) answers the health check and the
 * sign-in, and was measured instead, so the port must be free before and our process alive after.
 */
export async function startOwnConsole(options) {
  const { port } = options;
  const taken = await fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`Port ${port} is in use (another benchmark?): choose another with --port.`);
  const started = await startConsole(options);
  await new Promise((r) => setTimeout(r, 500));
  if (started.child.exitCode !== null)
    throw new Error(`The console on port ${port} exited: is the port taken?`);
  return started;
}

/** A named argument's value (`--name value`), or `fallback` when it is not given. */
export function namedArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export async function signIn(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export async function api(baseUrl, cookie, method, p, body) {
  const res = await fetch(baseUrl + p, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The website origin the benchmarks' collector requests come from. */
export const ORIGIN = 'https://shop.example.com';

/** Turns the sandbox's website collector on for `types` from ORIGIN; returns the sandbox and the collector's URL. */
export async function enableCollector(baseUrl, cookie, types) {
  const [sandbox] = (await api(baseUrl, cookie, 'GET', '/api/integrations')).items;
  const { collector } = await api(baseUrl, cookie, 'PATCH', `/api/integrations/${sandbox.id}`, {
    collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: types },
  });
  return { sandbox, collectorUrl: collector.url };
}

/**
 * Queues `total` VISIT events (`event(i)`'s fields) through the collector of the console at `baseUrl`,
 * 200 at a time, after a LOGIN for each of `contacts` (single sends create them: a batch only adds
 * events to known contacts). The delivery benchmarks start the console with DELIVERY_WORKER=off for this,
 * so the measured run starts with the whole queue.
 */
export async function queueWebsiteEvents(baseUrl, cookie, { total, contacts, event }) {
  const { sandbox, collectorUrl } = await enableCollector(baseUrl, cookie, ['VISIT', 'LOGIN']);
  for (const email of contacts)
    await api(baseUrl, cookie, 'POST', `/api/integrations/${sandbox.id}/events`, { type: 'LOGIN', email });
  for (let start = 0; start < total; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, total - start) }, (_, k) =>
        fetch(collectorUrl, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'text/plain' },
          body: JSON.stringify(event(start + k)),
        }),
      ),
    );
  }
}

/**
 * How long delivering the website's events took, from the database (`rows(sql)` answers a query): from
 * the first attempt's start to the last settlement. The worker starts before the server answers its
 * health check and the queue is polled, so a wall clock around the run would flatter it (head start) or
 * not (polling); the recorded times do neither.
 */
export const deliverySpan = (rows) =>
  rows(
    `select (select max(completed_at) from deliveries where source = 'website') -
            (select min(a.started_at) from attempts a join deliveries d on d.id = a.delivery_id
             where d.source = 'website') ms`,
  ).then(([r]) => Number(r.ms));

/**
 * Whether any website event still waits to be delivered. Asked every 100 ms while the console delivers,
 * so it must cost next to nothing: an existence test on the status index, not a count over the table (on
 * PostgreSQL a count of 20,000 rows took 15 ms a time, a tenth of a core taken from the console measured).
 */
export const websiteWaiting = (rows) =>
  rows(
    `select 1 as w from deliveries where status in ('queued', 'sending', 'retrying') and source = 'website' limit 1`,
  ).then((found) => found.length > 0);

export function cannon(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

/** Applies the committed migrations to a fresh SQLite file (for floors that must insert the same row). */
export function migrationsSql() {
  const dir = path.join('db', 'migrations');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('--> statement-breakpoint'));
}

export const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
