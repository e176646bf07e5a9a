// Benchmark: a CSV backfill of 100,000 rows through the JSON API, with the server's memory watched (issue #6).
// Usage: npm run build && node scripts/bench/backfill.mjs [rows=100000] [watchDeliveriesSeconds=30]
// Prints upload, preview and import times, rows/s, and the server's RSS growth from before the upload to
// the end of the import (target < 150 MB), then how fast the worker sends the imported rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

import { api, fmt, signIn, startConsole } from './lib.mjs';

const rows = Number(process.argv[2] ?? 100_000);
const watchSeconds = Number(process.argv[3] ?? 30);
const tmp = path.join(os.tmpdir(), `bench-backfill-${process.pid}`);
const csvPath = path.join(tmp, 'orders.csv');

const CITIES = ['Kraków', 'Warszawa', 'Gdańsk', 'Wrocław', 'Poznań', 'Łódź'];
const PAYMENTS = ['card', 'transfer', 'BLIK', 'cash on delivery'];

/** Last year's orders as a shop exports them, written to disk as generated (never built in memory). */
async function writeCsv(file, n) {
  const out = fs.createWriteStream(file);
  const write = async (line) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('\uFEFFOrder number,E-mail,Created at,Total,Currency,Products,Customer,City,Payment\r\n');
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    const customer = i % 20_000;
    const email = i % 400 === 399 ? `broken-address-${i}` : `customer${customer}@example.com`;
    const at = new Date(start + Math.floor((i / n) * 364 * 86_400_000));
    const date = at.toISOString().slice(0, 19).replace('T', ' ');
    const total = (((i * 7919) % 90_000) / 100 + 9.99).toFixed(2);
    const products = `"SKU-${i % 997},SKU-${(i * 31) % 997}"`;
    await write(
      `ORD-${100000 + i},${email},${date},${total},PLN,${products},"Kowalski, Jan ${customer}",${CITIES[i % CITIES.length]},${PAYMENTS[i % PAYMENTS.length]}\r\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

/** Samples VmRSS of the server process every 200 ms. */
function rssSampler(pid) {
  const read = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  };
  const samples = [];
  const timer = setInterval(() => samples.push(read()), 200);
  return {
    now: read,
    maxSince(from) {
      return Math.max(read(), ...samples.slice(from));
    },
    mark: () => samples.length,
    stop: () => clearInterval(timer),
  };
}

const mb = (bytes) => fmt(bytes / 1024 / 1024, 1);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(tmp, { recursive: true });
let t = performance.now();
await writeCsv(csvPath, rows);
const size = fs.statSync(csvPath).size;
console.log(`generated ${fmt(rows)} rows, ${mb(size)} MB in ${fmt((performance.now() - t) / 1000, 1)} s`);

const server = await startConsole({ port: 3484, dataDir: path.join(tmp, 'console') });
try {
  const cookie = await signIn(server.baseUrl);
  const { items } = await api(server.baseUrl, cookie, 'GET', '/api/integrations');
  const sandbox = items.find((i) => i.isSandbox);
  // Let the start-up settle (sandbox verification) before taking the baseline.
  await sleep(2000);
  const rss = rssSampler(server.child.pid);
  const baseline = rss.now();

  t = performance.now();
  const res = await fetch(`${server.baseUrl}/api/backfill?integrationId=${sandbox.id}&filename=orders.csv`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'text/csv', 'content-length': String(size) },
    body: fs.createReadStream(csvPath),
    duplex: 'half',
  });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const job = await res.json();
  const uploadS = (performance.now() - t) / 1000;
  const afterUpload = rss.maxSince(0);

  const plan = {
    mapping: job.suggested.mapping,
    options: {
      delimiter: job.shape.delimiter,
      header: job.shape.header,
      timeZone: 'Europe/Warsaw',
      decimal: job.suggested.decimal,
      dayMonthOrder: job.suggested.dayMonthOrder,
    },
  };
  t = performance.now();
  const preview = await api(server.baseUrl, cookie, 'POST', `/api/backfill/${job.id}/preview`, plan);
  const previewS = (performance.now() - t) / 1000;
  const afterPreview = rss.maxSince(0);

  t = performance.now();
  await api(server.baseUrl, cookie, 'POST', `/api/backfill/${job.id}/start`, plan);
  let view;
  for (;;) {
    view = await api(server.baseUrl, cookie, 'GET', `/api/backfill/${job.id}`);
    if (!['pending', 'running'].includes(view.status)) break;
    await sleep(200);
  }
  const importS = (performance.now() - t) / 1000;
  const afterImport = rss.maxSince(0);

  // The worker keeps sending after the import: watch it for a while (and the memory with it).
  const sendMark = rss.mark();
  const sentAtStart = view.deliveries?.succeeded ?? 0;
  t = performance.now();
  for (let s = 0; s < watchSeconds; s++) {
    await sleep(1000);
    view = await api(server.baseUrl, cookie, 'GET', `/api/backfill/${job.id}`);
    if (view.deliveries && view.deliveries.queued + view.deliveries.sending === 0) break;
  }
  const watched = (performance.now() - t) / 1000;
  const whileSending = rss.maxSince(sendMark);
  const retrying = await api(
    server.baseUrl,
    cookie,
    'GET',
    '/api/deliveries?source=backfill&status=retrying&limit=1',
  );
  let why = 'none';
  if (retrying.items[0]) {
    const detail = await api(server.baseUrl, cookie, 'GET', `/api/deliveries/${retrying.items[0].id}`);
    const last = detail.attempts.at(-1) ?? {};
    why = `${last.outcome} ${last.httpStatus ?? ''} ${last.reason?.code ?? ''} ${last.message ?? ''} (batch of ${last.batchSize ?? 1}, ${last.durationMs} ms)`;
  }
  rss.stop();

  const d = view.deliveries ?? {};
  console.log(`\nbackfill benchmark: ${fmt(rows)} rows (${mb(size)} MB), ${os.cpus().length} cores`);
  console.log(`upload     ${fmt(uploadS, 2).padStart(7)} s   ${fmt(size / 1024 / 1024 / uploadS, 1)} MB/s`);
  console.log(
    `preview    ${fmt(previewS, 2).padStart(7)} s   ${fmt(rows / previewS)} rows/s   valid ${fmt(preview.counts.valid)}, invalid ${fmt(preview.counts.invalid)}, duplicates ${fmt(preview.counts.duplicates)}`,
  );
  console.log(
    `import     ${fmt(importS, 2).padStart(7)} s   ${fmt(rows / importS)} rows/s   ${view.status}: imported ${fmt(view.imported)}, invalid ${fmt(view.invalid)}, duplicates ${fmt(view.duplicates)}`,
  );
  console.log(
    `RSS        baseline ${mb(baseline)} MB; max after upload ${mb(afterUpload)}, preview ${mb(afterPreview)}, import ${mb(afterImport)} MB`,
  );
  console.log(
    `RSS growth ${mb(afterImport - baseline)} MB from before the upload to the end of the import (target < 150)`,
  );
  console.log(
    `worker     ${fmt((d.succeeded ?? 0) - sentAtStart)} more accepted in ${fmt(watched, 0)} s (${fmt(((d.succeeded ?? 0) - sentAtStart) / watched)} /s); now ${fmt(d.succeeded ?? 0)} accepted, ${fmt((d.queued ?? 0) + (d.sending ?? 0))} waiting, ${fmt(d.retrying ?? 0)} retrying, ${fmt(d.failed ?? 0)} failed; RSS max while sending ${mb(whileSending)} MB`,
  );
  console.log(`           a retrying delivery says: ${why}`);
} finally {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
