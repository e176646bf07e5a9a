// Benchmark: does a history case cost more on a larger history? (issue 14: at 10M deliveries no case
// slower than 1.5 × its 1M figure; the overview's cases, issue 15: 1.2 ×.) Two kept data sets of
// history.mjs (`--keep DIR` there generates one), each served by its own console, and every case timed on
// both in turns (large, small, small, large, …), so a machine whose load changes during the run weighs
// on both alike: timed in separate runs minutes apart, the same build's ratios ranged 0.4–1.5 here.
// Usage: npm run build && node scripts/bench/history-growth.mjs --large DIR --small DIR [--runs 21]
//   [--only <regex>] [--port 3481 (the small one's console takes the next port)]
// Not a test: it prints figures and never runs in `npm test`.
import fs from 'node:fs';
import path from 'node:path';

import { cases, nextPath, stats, timed } from './history-cases.mjs';
import { fmt, namedArg, signIn, startOwnConsole } from './lib.mjs';

const RUNS = Number(namedArg('runs', 21));
const PORT = Number(namedArg('port', 3481));
const only = namedArg('only') ? new RegExp(namedArg('only')) : null;
const dirs = { large: namedArg('large'), small: namedArg('small') };
if (!dirs.large || !dirs.small) throw new Error('Usage: history-growth.mjs --large DIR --small DIR');

/** How much slower a case may be on the larger history. */
const limitOf = (name) => (name.startsWith('overview') ? 1.2 : 1.5);

/** A kept data set's console, on a port that must be free (another benchmark's console would answer). */
async function serve(dir, port) {
  const rows = Number(fs.readFileSync(path.join(dir, 'history-rows'), 'utf8'));
  const c = await startOwnConsole({
    port,
    dataDir: path.resolve(dir),
    keep: true,
    env: { DELIVERY_WORKER: 'off' },
  });
  const cookie = await signIn(c.baseUrl);
  const ids = JSON.parse((await timed(c.baseUrl, cookie, '/api/integrations')).body).items.map((i) => i.id);
  return { ...c, rows, cookie, ids };
}

/** The case's answer on one console, or null when it refuses it (the direct export past 5,000 rows). */
async function first(side, p) {
  try {
    await timed(side.baseUrl, side.cookie, p);
    return await timed(side.baseUrl, side.cookie, p);
  } catch (err) {
    if (err.status === 409) return null;
    throw err;
  }
}

/** Medians of the case on both consoles, timed in turns, the order swapped every run. */
async function inTurns(large, small, pLarge, pSmall) {
  const times = { large: [], small: [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? ['small', 'large'] : ['large', 'small'];
    for (const side of order) {
      const c = side === 'large' ? large : small;
      times[side].push((await timed(c.baseUrl, c.cookie, side === 'large' ? pLarge : pSmall)).ms);
    }
  }
  return { large: stats(times.large).median, small: stats(times.small).median };
}

const large = await serve(dirs.large, PORT);
const small = await serve(dirs.small, PORT + 1).catch(async (err) => {
  await large.stop();
  throw err;
});
try {
  const now = Date.now();
  const smallCases = new Map(cases(small.ids, now));
  const rows = [];
  const skipped = [];
  for (const [name, pLarge] of cases(large.ids, now)) {
    if (only && !only.test(name)) continue;
    const pSmall = smallCases.get(name);
    const [a, b] = [await first(large, pLarge), await first(small, pSmall)];
    if (!a || !b) {
      skipped.push(`${name}: refused on the ${a ? 'smaller' : 'larger'} history (409)`);
      continue;
    }
    rows.push({ name, ...(await inTurns(large, small, pLarge, pSmall)) });
    const [nLarge, nSmall] = [nextPath(pLarge, a.body), nextPath(pSmall, b.body)];
    if (nLarge && nSmall) {
      await first(large, nLarge);
      await first(small, nSmall);
      rows.push({ name: `${name}, next page`, ...(await inTurns(large, small, nLarge, nSmall)) });
    }
  }
  console.log(
    `\nhistory growth: ${fmt(large.rows)} against ${fmt(small.rows)} deliveries, ${RUNS} runs per case in turns`,
  );
  console.log(
    'case'.padEnd(44),
    `${fmt(large.rows)} ms`.padStart(14),
    `${fmt(small.rows)} ms`.padStart(14),
    'ratio'.padStart(6),
    'limit'.padStart(6),
    'result'.padStart(6),
  );
  let over = 0;
  for (const r of rows) {
    const ratio = r.large / r.small;
    const ok = ratio <= limitOf(r.name);
    if (!ok) over++;
    console.log(
      r.name.padEnd(44),
      fmt(r.large, 1).padStart(14),
      fmt(r.small, 1).padStart(14),
      fmt(ratio, 2).padStart(6),
      fmt(limitOf(r.name), 1).padStart(6),
      (ok ? 'PASS' : 'FAIL').padStart(6),
    );
  }
  for (const line of skipped) console.log(`not measured: ${line}`);
  console.log(
    `\n${over ? `FAIL: ${over} case(s) grew past their limit` : 'PASS: no case grew past its limit'}`,
  );
} finally {
  await Promise.all([large.stop(), small.stop()]);
}
