// Benchmark: the history's JSON API on a large data set (history-data.mjs), case by case, against a
// floor measured in the same run: the same Next route machinery (session check and compression included)
// answering a constant body, the case's own answer, with no query (/api/bench/floor, on only with
// BENCH_FLOOR=1). The older floor, padding of the same size, is printed beside it: it compresses to
// nothing, so a large real answer looked slow against it for what gzip costs, not for its query.
// Usage: npm run build && node scripts/bench/history.mjs [--rows 1000000] [--runs 15] [--keep <dir>] [--only <regex>] [--port 3481]
// --keep reuses (or keeps) a generated data directory, so a 10M data set is written once.
// Target (issue 14): every case's median ≤ 2 × its floor at 1M rows; at 10M no case slower than
// 1.5 × its own 1M figure (the overview's cases, issue 15: 1.2 ×). Not a test: it prints figures and never runs in `npm test`.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { generateHistory } from './history-data.mjs';
import { api, cannon, fmt, signIn, startConsole } from './lib.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const ROWS = Number(arg('rows', 1_000_000));
const RUNS = Number(arg('runs', 15));
// --port: two benchmarks on one machine (each helper its own port) must not share the console's.
const PORT = Number(arg('port', 3481));
const keep = arg('keep');
const dataDir = keep ? path.resolve(keep) : path.join(os.tmpdir(), `bench-history-${process.pid}`);
const TARGET = 2;
// --only <regex>: time only the cases whose name matches (while working on some of them).
const only = arg('only') ? new RegExp(arg('only')) : null;

async function prepare() {
  const marker = path.join(dataDir, 'history-rows');
  if (keep && fs.existsSync(marker) && Number(fs.readFileSync(marker, 'utf8')) === ROWS) return;
  // One start applies the migrations and makes the sandbox integration; then the console stops and
  // the generator writes the rows directly.
  const c = await startConsole({ port: PORT, dataDir, env: { DELIVERY_WORKER: 'off' } });
  await c.stop();
  console.log(`generating ${fmt(ROWS)} deliveries in ${dataDir}`);
  generateHistory(path.join(dataDir, 'console.db'), { rows: ROWS });
  fs.writeFileSync(marker, String(ROWS));
}

const FILTERS = {
  integration: (ids) => `integrationId=${ids[1]}`,
  type: () => 'type=PURCHASE',
  status: () => 'status=failed',
  source: () => 'source=backfill',
  reason: () => 'reason=timeout',
  week: (_ids, now) => `from=${now - 7 * 86_400_000}&to=${now}`,
};

/** The fixed list of cases: [name, path]. */
function cases(ids, now) {
  const list = [['first page', '/api/deliveries']];
  const names = Object.keys(FILTERS);
  for (const n of names) list.push([`filter ${n}`, `/api/deliveries?${FILTERS[n](ids, now)}`]);
  for (let a = 0; a < names.length; a++)
    for (let b = a + 1; b < names.length; b++)
      list.push([
        `pair ${names[a]}+${names[b]}`,
        `/api/deliveries?${FILTERS[names[a]](ids, now)}&${FILTERS[names[b]](ids, now)}`,
      ]);
  list.push(
    ['rare failed+RETURN+backfill', '/api/deliveries?status=failed&type=RETURN&source=backfill'],
    ['rare retrying+LOAN_ORDER', '/api/deliveries?status=retrying&type=LOAN_ORDER'],
    ['rare owner-invalid+APP_TYPE_MANUAL', `/api/deliveries?reason=owner-invalid&type=APP_TYPE_MANUAL`],
    [
      'range one day, 60 days ago',
      `/api/deliveries?from=${now - 60 * 86_400_000}&to=${now - 59 * 86_400_000}`,
    ],
    ['range last hour', `/api/deliveries?from=${now - 3_600_000}&to=${now}`],
    ['search email', '/api/deliveries?q=shopper1234%40'],
    ['search external id', '/api/deliveries?q=ORD-150321'],
    ['search sku', '/api/deliveries?q=SKU-4321'],
    ['search description word', '/api/deliveries?q=jacket'],
    ['search decoded message', '/api/deliveries?q=wrong%20sha'],
    ['search no match', '/api/deliveries?q=zzqqxx'],
    ['search + filter', '/api/deliveries?q=shopper12&type=PURCHASE'],
    ['attention groups', '/api/attention'],
    ['attention count', '/api/attention?countOnly=1'],
    // Exports past EXPORT_DIRECT_MAX_ROWS (5,000) run as jobs; the direct CSV of a filter under it:
    ['export owner-invalid (csv)', '/api/deliveries/export?reason=owner-invalid'],
  );
  // The overview (issue 15): read from its rollups, in a zone whose days are not UTC days.
  for (const period of ['7d', '30d', '90d'])
    for (const [scope, integration] of [
      ['all', ''],
      ['one', `&integrationId=${ids[1]}`],
    ])
      for (const basis of ['event', 'sent'])
        list.push([
          `overview ${period} ${scope} by ${basis}`,
          `/api/overview?period=${period}&basis=${basis}&tz=Europe%2FWarsaw${integration}`,
        ]);
  return list;
}

async function timed(baseUrl, cookie, p) {
  const t = performance.now();
  const res = await fetch(baseUrl + p, { headers: { cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t;
  const body = bytes.toString('utf8');
  if (!res.ok) throw new Error(`${p}: ${res.status} ${body.slice(0, 200)}`);
  return { ms, body, bytes, type: res.headers.get('content-type') };
}

async function measure(baseUrl, cookie, p) {
  const times = [];
  let last;
  for (let i = 0; i < RUNS + 2; i++) {
    last = await timed(baseUrl, cookie, p);
    if (i >= 2) times.push(last.ms); // two warm-up runs: compiled routes, warm page cache
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)],
    body: last.body,
    bytes: last.bytes,
    type: last.type,
  };
}

/**
 * A case's two floors, each the floor route answering a constant body with no query: the case's own
 * answer, given to the route beforehand (the target: it costs the same to compress and send), and
 * padding of the same size (as before: one letter repeated, which gzip shrinks to nothing, so it leaves
 * out what compressing a real answer costs).
 */
async function floors(baseUrl, cookie, r) {
  const res = await fetch(`${baseUrl}/api/bench/floor`, {
    method: 'POST',
    headers: { cookie, 'content-type': r.type },
    body: r.bytes,
  });
  if (!res.ok) throw new Error(`floor: ${res.status}`);
  const { key } = await res.json();
  const same = await measure(baseUrl, cookie, `/api/bench/floor?key=${key}`);
  const padding = await measure(baseUrl, cookie, `/api/bench/floor?bytes=${r.bytes.length}`);
  return { floor: same.median, paddingFloor: padding.median };
}

const ORIGIN = 'https://shop.example.com';
const COLLECTOR_CONTACT = 'bench-collector@example.com';

/**
 * The collector's measurement writes tens of thousands of queued VISITs; a kept data set must not keep
 * them, or every later run would time a larger history with a backlog on top. Deleted through the
 * triggers, so the rollups and the search index follow.
 */
function removeCollectorRows(file) {
  const db = new Database(file);
  const { changes } = db.prepare('delete from deliveries where contact = ?').run(COLLECTOR_CONTACT);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (changes) console.log(`removed the ${fmt(changes)} deliveries the collector's measurement wrote`);
}
const SEARCHES = ['shopper1234%40', 'ORD-150321', 'SKU-4321', 'jacket', 'wrong%20sha', 'zzqqxx'];

/**
 * The collector's p99 under a steady, modest load (4 connections for 10 s), alone or while the search
 * cases run in a loop: reads share the main thread with the collector, so a slow one shows here.
 */
async function collectorP99(baseUrl, cookie, integrationId, withSearch) {
  const { collector } = await api(baseUrl, cookie, 'PATCH', `/api/integrations/${integrationId}`, {
    collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: ['VISIT'] },
  });
  let stop = false;
  let searches = 0;
  const loop = (async () => {
    while (withSearch && !stop) {
      for (const q of SEARCHES) await timed(baseUrl, cookie, `/api/deliveries?q=${q}`);
      searches += SEARCHES.length;
    }
  })();
  const r = await cannon({
    url: collector.url,
    connections: 4,
    duration: 10,
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'text/plain' },
    body: JSON.stringify({ type: 'VISIT', email: COLLECTOR_CONTACT }),
  });
  stop = true;
  await loop;
  return { p99: r.latency.p99, rps: r.requests.average, searches };
}

fs.mkdirSync(dataDir, { recursive: true });
await prepare();
const c = await startConsole({
  port: PORT,
  dataDir,
  keep: true,
  env: {
    DELIVERY_WORKER: 'off',
    BENCH_FLOOR: '1',
    COLLECTOR_IP_PER_MINUTE: '100000000',
    COLLECTOR_ORIGIN_PER_MINUTE: '100000000',
  },
});
try {
  const cookie = await signIn(c.baseUrl);
  const ints = JSON.parse((await timed(c.baseUrl, cookie, '/api/integrations')).body).items.map((i) => i.id);
  const now = Date.now();
  const rows = [];
  for (const [name, p] of cases(ints, now)) {
    if (only && !only.test(name)) continue;
    const first = await measure(c.baseUrl, cookie, p);
    rows.push({ name, ...first, ...(await floors(c.baseUrl, cookie, first)) });
    const next = p.startsWith('/api/deliveries?') || p === '/api/deliveries' ? JSON.parse(first.body) : null;
    if (next?.nextCursor) {
      const np = `${p}${p.includes('?') ? '&' : '?'}cursor=${next.nextCursor}`;
      const second = await measure(c.baseUrl, cookie, np);
      rows.push({ name: `${name}, next page`, ...second, ...(await floors(c.baseUrl, cookie, second)) });
    }
  }
  const detailId = JSON.parse((await timed(c.baseUrl, cookie, '/api/deliveries?status=failed')).body).items[0]
    ?.id;
  if (detailId && (!only || only.test('delivery page (API)'))) {
    const d = await measure(c.baseUrl, cookie, `/api/deliveries/${detailId}`);
    rows.push({ name: 'delivery page (API)', ...d, ...(await floors(c.baseUrl, cookie, d)) });
  }

  console.log(
    `\nhistory benchmark: ${fmt(ROWS)} deliveries, ${os.cpus().length} cores, ${RUNS} runs per case`,
  );
  console.log(
    'case'.padEnd(44),
    'median ms'.padStart(10),
    'p95 ms'.padStart(8),
    'floor ms'.padStart(9),
    'ratio'.padStart(6),
    'result'.padStart(6),
    'padding floor'.padStart(14),
    'ratio'.padStart(6),
  );
  let failures = 0;
  for (const r of rows) {
    const ratio = r.median / r.floor;
    const ok = ratio <= TARGET;
    if (!ok) failures++;
    console.log(
      r.name.padEnd(44),
      fmt(r.median, 1).padStart(10),
      fmt(r.p95, 1).padStart(8),
      fmt(r.floor, 1).padStart(9),
      fmt(ratio, 2).padStart(6),
      (ok ? 'PASS' : 'FAIL').padStart(6),
      fmt(r.paddingFloor, 1).padStart(14),
      fmt(r.median / r.paddingFloor, 2).padStart(6),
    );
  }
  if (!only) {
    const alone = await collectorP99(c.baseUrl, cookie, ints[0], false);
    const during = await collectorP99(c.baseUrl, cookie, ints[0], true);
    console.log(
      `\ncollector p99 alone ${fmt(alone.p99, 1)} ms (${fmt(alone.rps)} req/s); while the search cases run ` +
        `${fmt(during.p99, 1)} ms (${fmt(during.rps)} req/s, ${fmt(during.searches)} searches): ` +
        `${fmt(during.p99 - alone.p99, 1)} ms more`,
    );
  }
  const out = path.join(dataDir, `history-${ROWS}.json`);
  fs.writeFileSync(
    out,
    JSON.stringify(
      rows.map(({ body: _b, bytes: _y, type: _t, ...r }) => r),
      null,
      2,
    ),
  );
  console.log(
    `\n${failures ? `FAIL: ${failures} case(s) over ${TARGET} × the floor` : 'PASS'}; figures in ${out}`,
  );
} finally {
  await c.stop();
  if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  else removeCollectorRows(path.join(dataDir, 'console.db'));
}
