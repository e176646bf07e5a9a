// Benchmark (issue 18, not in npm test): one and then two console instances on one PostgreSQL behind nginx
// on loopback (docs/nginx.conf, scripts/nginx.cjs). For each: the collector load through nginx (autocannon,
// as scripts/bench/collector.mjs), then the delivery benchmark (a queue filled with the worker off, then
// drained by the instances, timed from the database, as scripts/bench/delivery.mjs). Prints throughput
// for one and two instances and the ratio, the work split per instance (collector requests per instance
// from nginx's log; deliveries per lease owner, sampled while they are being sent) and the lock waits
// (backends of the console's database waiting on a lock, by kind, sampled from pg_stat_activity every
// 50 ms, and pg_stat_database's deadlocks).
// Usage: npm run build && node scripts/bench/instances.mjs --pg [events=20000] [seconds=10] [connections=50]
//        [instances=1,2]   (or --database postgres://… whose user may create databases; `npm run
//        bench:instances` passes --pg). More counts (1,2,4) for a larger machine: each its own run.
// On a two-core machine both instances share the cores: the ratio says little about speed; the split and
// the lock waits say whether the work is shared and whether the instances get in each other's way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startNginx } from '../nginx.cjs';
import {
  benchArgs,
  benchServer,
  cannon,
  deliverySpan,
  enableCollector,
  fmt,
  freshDatabase,
  ORIGIN,
  queueWebsiteEvents,
  signIn,
  startConsole,
  websiteWaiting,
  withPg,
} from './lib.mjs';

const { positional, database } = benchArgs();
if (database === undefined)
  throw new Error(
    'Several instances share one PostgreSQL database: run with --pg or --database postgres://…',
  );
const EVENTS = Number(positional[0] ?? 20000);
const SECONDS = Number(positional[1] ?? 10);
const CONNECTIONS = Number(positional[2] ?? 50);
const COUNTS = (positional[3] ?? '1,2').split(',').map(Number);
const NGINX_PORT = 3520;
const PORTS = Array.from({ length: Math.max(...COUNTS) }, (_, i) => 3521 + i);
const CONTACTS = 20;
const server = await benchServer(database);
const tmp = path.join(os.tmpdir(), `bench-instances-${process.pid}`);
const LIMITS = { COLLECTOR_IP_PER_MINUTE: '100000000', COLLECTOR_ORIGIN_PER_MINUTE: '100000000' };

/** `count` instances on `databaseUrl` behind nginx (PUBLIC_URL), named bench-1, bench-2…; `stop()` ends all. */
async function startGroup(name, databaseUrl, count, env = {}) {
  const ports = PORTS.slice(0, count);
  const nginx = await startNginx({
    port: NGINX_PORT,
    upstreams: ports,
    dir: path.join(tmp, `${name}-nginx`),
  });
  const consoles = [];
  // One after the other: the first applies the migrations.
  for (const [i, port] of ports.entries()) {
    consoles.push(
      await startConsole({
        port,
        dataDir: path.join(tmp, `${name}-${i + 1}`),
        databaseUrl,
        env: {
          INSTANCE_NAME: `bench-${i + 1}`,
          PUBLIC_URL: nginx.url,
          TRUSTED_PROXIES: '127.0.0.1',
          ...LIMITS,
          ...env,
        },
      }),
    );
  }
  return {
    nginx,
    stop: async () => {
      await Promise.all(consoles.map((c) => c.stop()));
      await nginx.stop();
    },
  };
}

/**
 * Samples the console's database every 50 ms while `work()` runs: backends waiting on a lock, and which
 * instance holds the lease of each website delivery being sent. Returns the work's result and the samples.
 */
async function sampled(databaseUrl, work) {
  return withPg(databaseUrl, async (client) => {
    const owners = new Map();
    const lockWaits = [];
    const { rows: before } = await client.query(
      'select deadlocks from pg_stat_database where datname = current_database()',
    );
    let running = true;
    const sampler = (async () => {
      while (running) {
        // One after the other: a connection runs one query at a time.
        const { rows: waiting } = await client.query(
          "select wait_event, count(*)::int n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' group by 1",
        );
        const { rows: sending } = await client.query(
          "select id, lease_owner from deliveries where status = 'sending' and source = 'website'",
        );
        lockWaits.push(Object.fromEntries(waiting.map((w) => [w.wait_event, w.n])));
        for (const row of sending) owners.set(row.id, row.lease_owner);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let result;
    try {
      result = await work();
    } finally {
      running = false;
      await sampler;
    }
    // Backends report their statistics at most once a second: a deadlock of the last moment shows after that.
    await new Promise((r) => setTimeout(r, 1500));
    const { rows: after } = await client.query(
      'select deadlocks from pg_stat_database where datname = current_database()',
    );
    return { result, owners, lockWaits, deadlocks: Number(after[0].deadlocks) - Number(before[0].deadlocks) };
  });
}

/** The collector load through nginx on `count` instances: requests/s, p99, and requests per instance. */
async function collectorRun(count) {
  const db = await freshDatabase(server, `bench_instances_collector_${process.pid}_${count}`);
  const group = await startGroup(`collector-${count}`, db.url, count);
  try {
    const cookie = await signIn(group.nginx.url);
    const { collectorUrl } = await enableCollector(group.nginx.url, cookie, ['CART']);
    const request = {
      url: collectorUrl,
      connections: CONNECTIONS,
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'CART', email: 'bench@example.com', value: 89.5, products: 'SKU-1001' }),
    };
    await cannon({ ...request, duration: 2 });
    const {
      result: r,
      lockWaits,
      deadlocks,
    } = await sampled(db.url, () => cannon({ ...request, duration: SECONDS }));
    return {
      rps: r.requests.average,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      split: group.nginx.requestsByInstance('/api/collect/'),
      lockWaits,
      deadlocks,
    };
  } finally {
    await group.stop();
    await db.drop();
  }
}

/** EVENTS queued with the worker off, then drained by `count` instances: events/s and who sent what. */
async function deliveryRun(count) {
  const db = await freshDatabase(server, `bench_instances_delivery_${process.pid}_${count}`);
  const filler = await startGroup(`fill-${count}`, db.url, 1, { DELIVERY_WORKER: 'off' });
  const cookie = await signIn(filler.nginx.url);
  await queueWebsiteEvents(filler.nginx.url, cookie, {
    total: EVENTS,
    contacts: Array.from({ length: CONTACTS }, (_, i) => `bench${i}@example.com`),
    event: (i) => ({
      type: 'VISIT',
      email: `bench${i % CONTACTS}@example.com`,
      description: `instances-${i}`,
    }),
  });
  await filler.stop();

  const group = await startGroup(`deliver-${count}`, db.url, count);
  try {
    const run = await sampled(db.url, () =>
      withPg(db.url, async (client) => {
        const rows = async (q) => (await client.query(q)).rows;
        while (await websiteWaiting(rows)) await new Promise((r) => setTimeout(r, 100));
        // A send whose answer could not be recorded (a deadlock, say) is sent again once its lease
        // expires, marked possibly duplicated: with one instance there are none.
        const [{ n }] = await rows(
          "select count(*)::int n from deliveries where possible_duplicate and source = 'website'",
        );
        return { seconds: (await deliverySpan(rows)) / 1000, possibleDuplicates: n };
      }),
    );
    const perOwner = {};
    for (const owner of run.owners.values()) perOwner[owner] = (perOwner[owner] ?? 0) + 1;
    return {
      rate: EVENTS / run.result.seconds,
      seconds: run.result.seconds,
      perOwner,
      unseen: EVENTS - run.owners.size,
      lockWaits: run.lockWaits,
      deadlocks: run.deadlocks,
      possibleDuplicates: run.result.possibleDuplicates,
    };
  } finally {
    await group.stop();
    await db.drop();
  }
}

/** How often a backend waited on a lock, and on which kind (advisory: the deliveries' insert lock). */
const waits = (samples) => {
  const total = (sample) => Object.values(sample).reduce((a, b) => a + b, 0);
  const kinds = {};
  for (const sample of samples)
    for (const [kind, n] of Object.entries(sample)) kinds[kind] = (kinds[kind] ?? 0) + n;
  const waiting = samples.filter((sample) => total(sample) > 0).length;
  const byKind = Object.entries(kinds)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return `${waiting} of ${samples.length} samples with a backend waiting on a lock (at most ${Math.max(0, ...samples.map(total))} at once${byKind ? `; ${byKind}` : ''})`;
};
const split = (counts) =>
  Object.entries(counts)
    .map(([who, n]) => `${who}: ${fmt(n)}`)
    .join(', ');

fs.mkdirSync(tmp, { recursive: true });
const results = [];
for (const count of COUNTS) {
  const collector = await collectorRun(count);
  const delivery = await deliveryRun(count);
  results.push({ count, collector, delivery });
  console.log(
    `${count} instance${count > 1 ? 's' : ''}: collector ${fmt(collector.rps)} req/s (p99 ${fmt(collector.p99, 1)} ms, non-2xx ${collector.non2xx}), delivery ${fmt(delivery.rate)} events/s (${fmt(delivery.seconds, 1)} s, ${delivery.possibleDuplicates} possibly duplicated)`,
  );
}
fs.rmSync(tmp, { recursive: true, force: true });
await server.stop();

const [first] = results;
const most = results.at(-1);
console.log(
  `\ninstances benchmark on PostgreSQL behind nginx: ${os.cpus().length} cores, collector ${CONNECTIONS} connections for ${SECONDS} s, delivery of ${fmt(EVENTS)} events`,
);
for (const r of results) {
  const ratio = (a, b) => (r === first ? '' : `, ${fmt(a / b, 2)}× ${first.count}`);
  console.log(
    `${String(r.count).padStart(2)} instance${r.count > 1 ? 's' : ' '}  collector ${fmt(r.collector.rps).padStart(7)} req/s (p99 ${fmt(r.collector.p99, 1)} ms${ratio(r.collector.rps, first.collector.rps)})   delivery ${fmt(r.delivery.rate).padStart(7)} events/s${ratio(r.delivery.rate, first.delivery.rate)}`,
  );
}
console.log(
  `work split with ${most.count}: collector requests by instance port ${split(most.collector.split)}`,
);
console.log(
  `              deliveries by lease owner ${split(most.delivery.perOwner)} (${fmt(most.delivery.unseen)} settled between samples)`,
);
for (const r of results) {
  console.log(
    `lock waits with ${r.count}: collector ${waits(r.collector.lockWaits)}, deadlocks ${r.collector.deadlocks}; delivery ${waits(r.delivery.lockWaits)}, deadlocks ${r.delivery.deadlocks}`,
  );
}
