// Shared helpers for the benchmarks: a console process of our own, sign-in, and autocannon runs.
// Benchmarks are not tests: they print figures and never run in `npm test`.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

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
 * Starts the production console (npm run build first) with a fresh data directory; `cwd` runs another
 * built checkout (the Lighthouse benchmark's --compare).
 */
export async function startConsole({ port, dataDir, env = {}, keep = false, cwd = process.cwd() }) {
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
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`${baseUrl}/healthz`);
  return { baseUrl, child, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
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
