// Benchmark: delivering 20,000 queued events to the sandbox, with batching and without, against a floor
// measured in the same run: a plain loop of batched fetch calls with the same bodies to the same sandbox.
// Usage: npm run build && node scripts/bench/delivery.mjs [events=20000] [batched-only]
// Target: batched delivery at ≥ 0.8 of the floor's events per second.
import Database from 'better-sqlite3';
import { createHash, createDecipheriv } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { api, fmt, signIn, startConsole } from './lib.mjs';

const TOTAL = Number(process.argv[2] ?? 20000);
const BATCH = 400;
const CONTACTS = 20;
const ORIGIN = 'https://shop.example.com';
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

/** Queues TOTAL events through the collector with the worker off, so the measured run starts full. */
async function prepare(dataDir, marker) {
  const env = {
    DELIVERY_WORKER: 'off',
    COLLECTOR_IP_PER_MINUTE: '100000000',
    COLLECTOR_ORIGIN_PER_MINUTE: '100000000',
  };
  const c = await startConsole({ port: 3491, dataDir, env });
  const cookie = await signIn(c.baseUrl);
  const [sandbox] = (await api(c.baseUrl, cookie, 'GET', '/api/integrations')).items;
  const { collector } = await api(c.baseUrl, cookie, 'PATCH', `/api/integrations/${sandbox.id}`, {
    collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: ['VISIT', 'LOGIN'] },
  });
  // Contacts first (single sends create them): a batch only adds events to known contacts.
  for (let i = 0; i < CONTACTS; i++) {
    await api(c.baseUrl, cookie, 'POST', `/api/integrations/${sandbox.id}/events`, {
      type: 'LOGIN',
      email: email(i),
    });
  }
  for (let start = 0; start < TOTAL; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, TOTAL - start) }, (_, k) =>
        fetch(collector.url, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'text/plain' },
          body: JSON.stringify(event(start + k, marker)),
        }),
      ),
    );
  }
  await c.stop();
}

function queued(dataDir) {
  const db = new Database(path.join(dataDir, 'console.db'), { readonly: true });
  try {
    return db
      .prepare("select count(*) n from deliveries where source = 'website' and status != 'succeeded'")
      .get().n;
  } finally {
    db.close();
  }
}

/** Starts the console with the worker on and times how long the queue takes to drain. */
async function deliver(dataDir, batchSize) {
  const c = await startConsole({
    port: 3492,
    dataDir,
    keep: true,
    env: { DELIVERY_BATCH_SIZE: String(batchSize) },
  });
  const started = performance.now();
  while (queued(dataDir) > 0) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  await c.stop();
  return { seconds, rate: TOTAL / seconds };
}

/** The floor: the same events, signed the same way, posted in batches by a plain sequential loop. */
async function floor(dataDir, marker) {
  const c = await startConsole({ port: 3493, dataDir, keep: true, env: { DELIVERY_WORKER: 'off' } });
  const db = new Database(path.join(dataDir, 'console.db'), { readonly: true });
  const row = db
    .prepare('select client_id, owner, api_key_enc, api_secret_enc from integrations where is_sandbox = 1')
    .get();
  db.close();
  const key = Buffer.from(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim(), 'hex');
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
const results = {};
const modes = [
  ['batched', BATCH],
  ['unbatched', 1],
].filter(([name]) => process.argv[3] !== 'batched-only' || name === 'batched');
for (const [name, batchSize] of modes) {
  const dir = path.join(tmp, name);
  await prepare(dir, name);
  results[name] = await deliver(dir, batchSize);
  if (name === 'batched') results.floor = await floor(dir, 'floor');
}
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`\ndelivery benchmark: ${fmt(TOTAL)} events to the sandbox, ${os.cpus().length} cores`);
for (const name of ['floor', 'batched', 'unbatched']) {
  const r = results[name];
  if (!r) continue;
  console.log(`${name.padEnd(10)} ${fmt(r.rate).padStart(8)} events/s   (${fmt(r.seconds, 1)} s)`);
}
console.log(
  `ratio      ${fmt(results.batched.rate / results.floor.rate, 2)} of the floor with batching (target ≥ 0.80)` +
    (results.unbatched
      ? `; batching is ${fmt(results.batched.rate / results.unbatched.rate, 1)}× faster than single sends`
      : ''),
);
