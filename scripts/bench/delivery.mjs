// Benchmark: delivering 20,000 queued events to the sandbox, with batching and without, against a floor
// measured in the same run: a plain loop of batched fetch calls with the same bodies to the same sandbox.
// Usage: npm run build && node scripts/bench/delivery.mjs [events=20000] [batched-only|all] [rounds=3]
//        [--database postgres://… | --pg]
// BENCH_KEEP=1 keeps the data directories (and the PostgreSQL databases); BENCH_PROFILE=<dir> writes CPU
// profiles (lib.mjs). With --database the console runs on PostgreSQL, each round on a fresh database of
// its own on that server (its user needs CREATEDB); --pg starts a throwaway cluster for the run. The
// floor is the same either way: the sandbox it posts to keeps its contacts in the console's database.
// Target: batched delivery at ≥ 0.8 of the floor's events per second.
import Database from 'better-sqlite3';
import { createHash, createDecipheriv } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  BENCH_SECRET_KEY,
  benchArgs,
  benchServer,
  deliverySpan,
  fmt,
  freshDatabase,
  queueWebsiteEvents,
  signIn,
  startConsole,
  websiteWaiting,
  withPg,
} from './lib.mjs';

const { positional, database } = benchArgs();
const TOTAL = Number(positional[0] ?? 20000);
const BATCH = 400;
const ROUNDS = Number(positional[2] ?? 3);
const server = await benchServer(database);
const CONTACTS = 20;
const tmp = path.join(os.tmpdir(), `bench-delivery-${process.pid}`);
const email = (i) => `bench${i % CONTACTS}@example.com`;
const event = (i, marker) => ({
  type: 'VISIT',
  email: email(i),
  description: `${marker}-${i}`,
  products: 'SKU-1,SKU-2',
  location: 'sm_bench',
});

function decrypt(envelope, key) {
  const [, iv, tag, data] = envelope.split('.');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
}

/**
 * Where a round's console keeps its data: a data directory, and on PostgreSQL a fresh database of the
 * round's own (`url`), dropped by `drop()`.
 */
async function roundStore(name) {
  const dataDir = path.join(tmp, name);
  if (!server) return { dataDir, drop: async () => {} };
  const db = await freshDatabase(server, `bench_delivery_${process.pid}_${name.replace(/\W/g, '_')}`);
  return { dataDir, url: db.url, drop: db.drop };
}

/** Starts the console on a round's data (its data directory, and its database on PostgreSQL). */
const startOn = (store, { port, env, keep = true }) =>
  startConsole({ port, dataDir: store.dataDir, databaseUrl: store.url, keep, env });

/** Queues TOTAL events through the collector with the worker off, so the measured run starts full. */
async function prepare(store, marker) {
  const env = {
    DELIVERY_WORKER: 'off',
    COLLECTOR_IP_PER_MINUTE: '100000000',
    COLLECTOR_ORIGIN_PER_MINUTE: '100000000',
  };
  const c = await startOn(store, { port: 3491, env, keep: false });
  const cookie = await signIn(c.baseUrl);
  await queueWebsiteEvents(c.baseUrl, cookie, {
    total: TOTAL,
    contacts: Array.from({ length: CONTACTS }, (_, i) => email(i)),
    event: (i) => event(i, marker),
  });
  await c.stop();
}

/**
 * Runs `read` with a function that answers a query's rows from the console's database while the console
 * runs: on SQLite a read-only connection, on PostgreSQL a connection of its own. The queries are written
 * in SQL both engines read the same way (counts cast to integer, booleans tested as such).
 */
async function readDb(store, read) {
  if (store.url) return withPg(store.url, (client) => read(async (q) => (await client.query(q)).rows));
  const db = new Database(path.join(store.dataDir, 'console.db'), { readonly: true });
  try {
    return await read(async (q) => db.prepare(q).all());
  } finally {
    db.close();
  }
}

/** Attempts by outcome and reason: anything but "succeeded ok" explains a slow run. */
const attemptOutcomes = (rows) =>
  rows(
    `select a.outcome || ' ' || a.reason what, cast(count(*) as integer) n
     from attempts a join deliveries d on d.id = a.delivery_id
     where d.source = 'website' group by 1 order by 2 desc`,
  ).then((all) => all.map((r) => `${r.what}: ${fmt(r.n)}`).join(', '));

/** Starts the console with the worker on and waits for the queue to drain. */
async function deliver(store, batchSize) {
  const c = await startOn(store, { port: 3492, env: { DELIVERY_BATCH_SIZE: String(batchSize) } });
  // One connection for the whole wait on PostgreSQL (a fresh one each 100 ms would be the load).
  await readDb(store, async (rows) => {
    while (await websiteWaiting(rows)) await new Promise((r) => setTimeout(r, 100));
  });
  await c.stop();
  return readDb(store, async (rows) => {
    const seconds = (await deliverySpan(rows)) / 1000;
    return { seconds, rate: TOTAL / seconds, attempts: await attemptOutcomes(rows) };
  });
}

/** The floor: the same events, signed the same way, posted in batches by a plain sequential loop. */
async function floor(store, marker) {
  const c = await startOn(store, { port: 3493, env: { DELIVERY_WORKER: 'off' } });
  const [row] = await readDb(store, (rows) =>
    rows('select client_id, owner, api_key_enc, api_secret_enc from integrations where is_sandbox'),
  );
  // The console's key: the one it generated into the data directory, or APP_SECRET_KEY on PostgreSQL.
  const keyHex = store.url
    ? BENCH_SECRET_KEY
    : fs.readFileSync(path.join(store.dataDir, 'secret.key'), 'utf8').trim();
  const key = Buffer.from(keyHex, 'hex');
  const apiKey = decrypt(row.api_key_enc, key);
  const sha = createHash('sha1')
    .update(apiKey + row.client_id + decrypt(row.api_secret_enc, key))
    .digest('hex');
  const url = `${c.baseUrl}/sandbox/api/v2/contact/addBatchContactExtEvent`;
  const started = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, k) => {
      const { email: e, ...rest } = event(start + k, marker);
      const { type, ...fields } = rest;
      return { email: e, contactEvent: { date: Date.now(), contactExtEventType: type, ...fields } };
    });
    const body = { clientId: row.client_id, apiKey, requestTime: Date.now(), sha, owner: row.owner, events };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    if (!answer.success || answer.failedAmount)
      throw new Error(`floor batch failed: ${JSON.stringify(answer).slice(0, 200)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await c.stop();
  return { seconds, rate: TOTAL / seconds };
}

fs.mkdirSync(tmp, { recursive: true });
// Batched delivery and the floor are measured in ROUNDS pairs (a fresh queue each time) and the median
// pair is reported: on a shared 2-core machine one pair alone swings by ±10 %.
const pairs = [];
for (let round = 0; round < ROUNDS; round++) {
  const store = await roundStore(`batched-${round}`);
  await prepare(store, `batched${round}`);
  const batched = await deliver(store, BATCH);
  const floorRun = await floor(store, `floor${round}`);
  if (!process.env.BENCH_KEEP) await store.drop();
  pairs.push({ batched, floor: floorRun, ratio: batched.rate / floorRun.rate });
  console.log(
    `round ${round + 1}: floor ${fmt(floorRun.rate)} events/s, batched ${fmt(batched.rate)} events/s, ratio ${fmt(pairs.at(-1).ratio, 2)}`,
  );
}
pairs.sort((a, b) => a.ratio - b.ratio);
const median = pairs[Math.floor(pairs.length / 2)];
const results = { floor: median.floor, batched: median.batched };
if (process.argv[3] !== 'batched-only') {
  const store = await roundStore('unbatched');
  await prepare(store, 'unbatched');
  results.unbatched = await deliver(store, 1);
  if (!process.env.BENCH_KEEP) await store.drop();
}
if (!process.env.BENCH_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
// A throwaway cluster goes whatever BENCH_KEEP says (it would be deleted at exit anyway).
await server?.stop();

console.log(
  `\ndelivery benchmark on ${server ? 'PostgreSQL' : 'SQLite'}: ${fmt(TOTAL)} events to the sandbox, ${os.cpus().length} cores, median of ${ROUNDS} rounds`,
);
for (const name of ['floor', 'batched', 'unbatched']) {
  const r = results[name];
  if (!r) continue;
  console.log(
    `${name.padEnd(10)} ${fmt(r.rate).padStart(8)} events/s   (${fmt(r.seconds, 1)} s)` +
      (r.attempts ? `   attempts: ${r.attempts}` : ''),
  );
}
console.log(
  `ratio      ${fmt(median.ratio, 2)} of the floor with batching (target ≥ 0.80; rounds ${pairs
    .map((p) => fmt(p.ratio, 2))
    .join(', ')})` +
    (results.unbatched
      ? `; batching is ${fmt(results.batched.rate / results.unbatched.rate, 1)}× faster than single sends`
      : ''),
);
