// Benchmark: the public collector against a floor measured in the same run (issue #5).
// Usage: npm run build && node scripts/bench/collector.mjs [seconds=10] [connections=50] [rounds=3]
//        [--database postgres://… | --pg]
// Prints requests/s and p50/p99 latency for both, and the ratio. Target: ≥ 0.7 of the floor, p99 < 25 ms.
// With --database the console and the floor both write to PostgreSQL, each round to fresh databases of
// their own on that server (its user needs CREATEDB); --pg starts a throwaway cluster for the run.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { api, benchArgs, benchServer, cannon, fmt, freshDatabase, signIn, startConsole } from './lib.mjs';

const { positional, database } = benchArgs();
const seconds = Number(positional[0] ?? 10);
const connections = Number(positional[1] ?? 50);
const ROUNDS = Number(positional[2] ?? 3);
const server = await benchServer(database);
const tmp = path.join(os.tmpdir(), `bench-collector-${process.pid}`);
const ORIGIN = 'https://shop.example.com';
const body = JSON.stringify({
  type: 'CART',
  email: 'bench@example.com',
  value: 89.5,
  products: 'SKU-1001,SKU-3002',
  description: 'https://shop.example.com/cart/?recover=7f3a9c',
  pageUrl: 'https://shop.example.com/cart',
});
const request = { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body };

async function measure(url) {
  // A short warm-up so JIT and SQLite caches are in the same state for both servers.
  await cannon({ url, connections, duration: 2, ...request });
  const r = await cannon({ url, connections, duration: seconds, ...request });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** One round: the floor server, then the console, each warmed up and measured. */
async function round(n) {
  const floorDb = server && (await freshDatabase(server, `bench_collector_floor_${process.pid}_${n}`));
  const floorProc = fork(
    path.join('scripts', 'bench', 'collector-floor-server.mjs'),
    ['3481', floorDb?.url ?? path.join(tmp, `floor-${n}.db`)],
    { stdio: 'inherit' },
  );
  await new Promise((r) => floorProc.once('message', r));
  const floor = await measure('http://127.0.0.1:3481/api/collect/ck_floor');
  await new Promise((r) => (floorProc.once('exit', r), floorProc.kill()));
  await floorDb?.drop();

  // The console with delivery to the sandbox running; rate limits lifted so they do not cap the figure.
  const consoleDb = server && (await freshDatabase(server, `bench_collector_console_${process.pid}_${n}`));
  const consoleProc = await startConsole({
    port: 3482,
    dataDir: path.join(tmp, `console-${n}`),
    databaseUrl: consoleDb?.url,
    env: { COLLECTOR_IP_PER_MINUTE: '100000000', COLLECTOR_ORIGIN_PER_MINUTE: '100000000' },
  });
  const cookie = await signIn(consoleProc.baseUrl);
  const [sandbox] = (await api(consoleProc.baseUrl, cookie, 'GET', '/api/integrations')).items;
  const patched = await api(consoleProc.baseUrl, cookie, 'PATCH', `/api/integrations/${sandbox.id}`, {
    collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: ['CART'] },
  });
  const collector = await measure(patched.collector.url);
  await consoleProc.stop();
  await consoleDb?.drop();
  return { floor, collector };
}

const line = (name, m) =>
  `${name.padEnd(10)} ${fmt(m.rps).padStart(8)} req/s   p50 ${fmt(m.p50, 1).padStart(6)} ms   p99 ${fmt(m.p99, 1).padStart(6)} ms   non-2xx ${m.non2xx}   errors ${m.errors}`;

// Several rounds, the median reported: on a shared 2-core machine one round's p99 swings by ±30 %.
fs.mkdirSync(tmp, { recursive: true });
const rounds = [];
for (let n = 0; n < ROUNDS; n++) {
  const r = await round(n);
  rounds.push(r);
  console.log(`round ${n + 1}:\n${line('floor', r.floor)}\n${line('collector', r.collector)}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
await server?.stop();
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = median(rounds.map((r) => r.collector.rps / r.floor.rps));
const p99 = median(rounds.map((r) => r.collector.p99));
const floorP99 = median(rounds.map((r) => r.floor.p99));

console.log(
  `\ncollector benchmark on ${server ? 'PostgreSQL' : 'SQLite'}: ${connections} connections, ${seconds} s, ${os.cpus().length} cores, median of ${ROUNDS} rounds`,
);
console.log(
  `ratio      ${fmt(ratio, 2)} of the floor's throughput (target ≥ 0.70); p99 ${fmt(p99, 1)} ms (target < 25; the floor's ${fmt(floorP99, 1)} ms)`,
);
