// Lighthouse (performance only) on the console's main screens, mobile preset and desktop for comparison.
// Usage: npm run bench:lighthouse [-- --screens /deliveries,/send] [--presets mobile] [--runs 1]
//        [--compare DIR]: also a built checkout of another commit, audited in turns with this one, so both
//        see the same machine load (a shared machine's load moves a mobile score by 10 points).
// Builds first when the sources changed (like `npm start`), starts the production console on its own
// loopback port with a fresh data directory, signs in as an admin, sends a few events through the
// sandbox so the history and the overview have rows, then audits each screen. Debian's Chromium
// (/usr/bin/chromium, or CHROME_PATH) is launched through chrome-launcher: nothing is downloaded.
// Not a test: it prints figures and never runs in `npm test`. Target (issue 15 item 7): mobile ≥ 90.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

import { sourceStamp, STAMP_FILE } from '../build-stamp.mjs';
import { api, namedArg, signIn, startConsole } from './lib.mjs';

const PORT = 3225;
const SCREENS = namedArg('screens', '/,/deliveries,/send,/integrations').split(',');
const PRESETS = namedArg('presets', 'mobile,desktop').split(',');
// Several runs per screen and preset give the median score: one run on a shared 2-core machine is noisy.
const RUNS = Number(namedArg('runs', 1));
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
// simulate (Lighthouse's default: one fast load, the slow phone computed from its trace) or devtools (the
// page really loads under 4x CPU slowdown and a slow network: closer to a phone, noisier on a busy machine).
const THROTTLING = namedArg('throttling', 'simulate');
// The overview draws its numbers on the server once the browser has told it its time zone (a cookie the
// page sets on the first visit); --first-visit measures the visit before that, when they load after it.
const FIRST_VISIT = process.argv.includes('--first-visit');
const ZONE = 'Europe/Warsaw';
// --json DIR keeps every Lighthouse report (open one in the Lighthouse viewer to see what blocked).
const JSON_DIR = namedArg('json');
const COMPARE = namedArg('compare');

function buildWhenStale() {
  const stamp = sourceStamp(process.cwd());
  const fresh =
    fs.existsSync('.next/BUILD_ID') &&
    fs.existsSync('dist/server.cjs') &&
    fs.existsSync(STAMP_FILE) &&
    fs.readFileSync(STAMP_FILE, 'utf8') === stamp;
  if (fresh) return;
  console.log('building (sources changed since the last build)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(STAMP_FILE, stamp);
}

/** A console with some history: events of a few types and outcomes, sent through the sandbox. */
async function seed(baseUrl, cookie) {
  const { items } = await api(baseUrl, cookie, 'GET', '/api/integrations');
  const sandbox = items.find((i) => i.isSandbox);
  const now = Date.now();
  const events = [];
  for (let i = 0; i < 24; i++) {
    const type = ['PURCHASE', 'CART', 'VISIT'][i % 3];
    events.push({
      type,
      email: i % 8 === 7 ? 'sandbox+reject@example.com' : `shopper${i}@example.com`,
      date: now - i * 5 * 3_600_000,
      ...(type === 'PURCHASE' ? { value: 20 + i, products: `SKU-${i}`, externalId: `ORD-${i}` } : {}),
    });
  }
  for (const event of events) {
    await fetch(`${baseUrl}/api/integrations/${sandbox.id}/events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The browser's cookies, as a signed-in person's browser holds them. Set in Chrome's own cookie jar (over
 * the DevTools protocol, with Playwright), not as an extra header: once a page sets a cookie of its own,
 * Chrome sends its jar and an extra Cookie header is lost. Lighthouse leaves cookies alone.
 */
async function setCookies(port, baseUrl, cookie) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0];
    const pairs = cookie.split('; ').map((c) => c.split('='));
    if (!FIRST_VISIT) pairs.push(['sm_tz', encodeURIComponent(ZONE)]);
    else await context.clearCookies({ name: 'sm_tz' });
    await context.addCookies(pairs.map(([name, value]) => ({ name, value, url: baseUrl })));
  } finally {
    await browser.close();
  }
}

async function audit(url, port, preset, tries = 3) {
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    throttlingMethod: THROTTLING,
  };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  const lhr = result.lhr;
  if (JSON_DIR) {
    fs.mkdirSync(JSON_DIR, { recursive: true });
    const name = `${new URL(url).pathname.slice(1) || 'overview'}-${preset}-${Date.now()}.json`;
    fs.writeFileSync(path.join(JSON_DIR, name), result.report);
  }
  if (lhr.runtimeError) {
    // A trace that went wrong (NO_NAVSTART and the like, more frequent on a busy machine) is run again.
    if (tries > 1) return audit(url, port, preset, tries - 1);
    throw new Error(`${url}: ${lhr.runtimeError.message}`);
  }
  // Redirected: not signed in, or a screen the compared tree does not have (it answers with another one).
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) return null;
  const scripts = lhr.audits['resource-summary'].details.items.find((i) => i.resourceType === 'script');
  return {
    score: Math.round(lhr.categories.performance.score * 100),
    tbt: lhr.audits['total-blocking-time'].numericValue,
    lcp: lhr.audits['largest-contentful-paint'].numericValue,
    jsKb: (scripts?.transferSize ?? 0) / 1024,
  };
}

buildWhenStale();
/** This tree, and with --compare the other one: each console with its data, signed in, some history. */
async function prepare(name, port, cwd) {
  const dataDir = path.join(os.tmpdir(), `bench-lighthouse-${process.pid}-${port}`);
  const app = await startConsole({ port, dataDir, cwd });
  const cookie = await signIn(app.baseUrl);
  await seed(app.baseUrl, cookie);
  // One unmeasured visit per screen warms the server's module and SQLite caches, as a second visit finds them.
  for (const screen of SCREENS) await fetch(app.baseUrl + screen, { headers: { cookie } });
  return { name, app, cookie, dataDir };
}

const targets = [];
let chrome;
try {
  targets.push(await prepare('this tree', PORT));
  if (COMPARE)
    targets.push(await prepare(path.basename(path.resolve(COMPARE)), PORT + 1, path.resolve(COMPARE)));
  chrome = await chromeLauncher.launch({
    chromePath: CHROME,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const rows = [];
  for (const screen of SCREENS) {
    for (const preset of PRESETS) {
      const runs = targets.map(() => []);
      for (let i = 0; i < RUNS; i++) {
        for (const [t, target] of targets.entries()) {
          await setCookies(chrome.port, target.app.baseUrl, target.cookie);
          const run = await audit(target.app.baseUrl + screen, chrome.port, preset);
          if (!run && t === 0) throw new Error(`${screen} redirected: not signed in?`);
          if (run) runs[t].push(run);
        }
      }
      for (const [t, target] of targets.entries()) {
        if (!runs[t].length) continue;
        const row = {
          target: target.name,
          screen,
          preset,
          score: median(runs[t].map((r) => r.score)),
          tbt: median(runs[t].map((r) => r.tbt)),
          lcp: median(runs[t].map((r) => r.lcp)),
          jsKb: median(runs[t].map((r) => r.jsKb)),
        };
        rows.push(row);
        console.log(
          `${COMPARE ? `${target.name.padEnd(12)} ` : ''}${screen.padEnd(14)} ${preset.padEnd(8)}` +
            ` score ${String(row.score).padStart(3)}  TBT ${Math.round(row.tbt).toString().padStart(5)} ms` +
            `  LCP ${(row.lcp / 1000).toFixed(1)} s  JS ${row.jsKb.toFixed(0)} kB` +
            (RUNS > 1 ? `  (runs: ${runs[t].map((r) => r.score).join(', ')})` : ''),
        );
      }
    }
  }
  console.log('\n| tree | screen | preset | performance | TBT | LCP | JS transferred |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.target} | \`${r.screen}\` | ${r.preset} | ${r.score} | ${Math.round(r.tbt)} ms | ${(r.lcp / 1000).toFixed(1)} s | ${r.jsKb.toFixed(0)} kB |`,
    );
} finally {
  await chrome?.kill();
  for (const t of targets) {
    await t.app.stop();
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }
}
