// Load test (not part of npm test): 200 concurrent collector clients for 60 s against the production
// build, with delivery to the sandbox running. Passes when every answer is 202 or an intended 429, the
// log has no SQLITE_BUSY, and the server's memory stays flat. Prints the figures.
// Usage: npm run build && node scripts/bench/load.mjs [seconds=60] [connections=200]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { api, cannon, fmt, signIn, startConsole } from './lib.mjs';

const seconds = Number(process.argv[2] ?? 60);
const connections = Number(process.argv[3] ?? 200);
const dataDir = path.join(os.tmpdir(), `bench-load-${process.pid}`);
const ORIGIN = 'https://shop.example.com';

// Limits high enough that most requests pass and the database is stressed, low enough that 429s occur.
const c = await startConsole({
  port: 3495,
  dataDir,
  env: {
    COLLECTOR_IP_PER_MINUTE: '300000',
    COLLECTOR_ORIGIN_PER_MINUTE: '300000',
    LOG_FILE: path.join(dataDir, 'server.log'),
  },
});
const cookie = await signIn(c.baseUrl);
const [sandbox] = (await api(c.baseUrl, cookie, 'GET', '/api/integrations')).items;
const { collector } = await api(c.baseUrl, cookie, 'PATCH', `/api/integrations/${sandbox.id}`, {
  collector: { enabled: true, allowedOrigins: [ORIGIN], allowedTypes: ['CART'] },
});

const rss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${c.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const samples = [];
const sampler = setInterval(() => samples.push(rss()), 1000);
const result = await cannon({
  url: collector.url,
  connections,
  duration: seconds,
  method: 'POST',
  headers: { origin: ORIGIN, 'content-type': 'text/plain' },
  body: JSON.stringify({ type: 'CART', email: 'load@example.com', value: 10, products: 'SKU-1' }),
});
clearInterval(sampler);
await new Promise((r) => setTimeout(r, 1000));
await c.stop();

const codes = result.statusCodeStats ?? {};
const ok = Number(codes['202']?.count ?? 0);
const limited = Number(codes['429']?.count ?? 0);
const other = Object.entries(codes).filter(([code]) => !['202', '429'].includes(code));
const log = fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8');
const busy = (log.match(/SQLITE_BUSY/g) ?? []).length;
const quarter = Math.max(1, Math.floor(samples.length / 4));
const early = samples.slice(0, quarter);
const late = samples.slice(-quarter);
const avg = (a) => a.reduce((x, y) => x + y, 0) / a.length;
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`\nload test: ${connections} connections for ${seconds} s, ${os.cpus().length} cores`);
console.log(
  `requests   ${fmt(result.requests.total)} (${fmt(result.requests.average)}/s)   202: ${fmt(ok)}   429: ${fmt(limited)}   other: ${other.map(([k, v]) => `${k}×${v.count}`).join(', ') || 'none'}   transport errors: ${result.errors}   timeouts: ${result.timeouts}`,
);
console.log(`latency    p50 ${fmt(result.latency.p50, 1)} ms   p99 ${fmt(result.latency.p99, 1)} ms`);
console.log(`SQLITE_BUSY in the log: ${busy}`);
console.log(
  `memory     RSS first quarter ${fmt(avg(early))} MB, last quarter ${fmt(avg(late))} MB, max ${fmt(Math.max(...samples))} MB`,
);
// Every 10 s, so a steady climb (a leak) can be told from a heap that grows once and settles.
console.log(
  `RSS by 10 s ${samples
    .filter((_, i) => i % 10 === 9)
    .map((v) => fmt(v))
    .join(' → ')} MB`,
);
const pass = other.length === 0 && result.errors === 0 && busy === 0 && avg(late) < avg(early) * 1.5 + 50;
console.log(pass ? 'PASS' : 'FAIL');
process.exitCode = pass ? 0 : 1;
