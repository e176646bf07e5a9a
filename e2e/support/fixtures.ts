import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

import { onPostgres } from './db';
import { findLeaks, forbiddenStrings } from './secrets';

/** The PostgreSQL run's screenshots beside the SQLite run's, so the two can be compared. */
const SCREENSHOT_DIR = path.resolve('screenshots', ...(onPostgres ? ['postgres'] : []));

/** What a test may call to declare a console error it provokes on purpose (see `consoleErrors`). */
export interface ConsoleErrors {
  /** Allows the errors matching `pattern` in this test; say why at the call. */
  allow(pattern: RegExp): void;
}

/**
 * The message Chromium logs for every fetch or resource that answers 4xx/5xx, which a test of an error
 * state provokes on purpose: `path` is matched at the end of the URL (before any query string).
 */
export function failedLoad(path: string, status: number): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^console\\.error at [^ ]*${escaped}(\\?[^ ]*)?: Failed to load resource: the server responded with a status of ${status} `,
  );
}

/**
 * The suite's `test`: every page's responses (HTML, JSON, RSC payloads) are scanned for secrets as
 * the test runs, and a test fails if any appears, whatever the test itself was checking. Likewise for
 * browser console errors.
 */
export const test = base.extend<{ leakScan: void; consoleErrors: ConsoleErrors }>({
  /**
   * Every test fails on a browser console error, an uncaught page error or a React hydration warning
   * (React reports those through console.error), unless the test allowed that very message.
   */
  consoleErrors: [
    async ({ context, browser }, provide, testInfo) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      const watch = (ctx: BrowserContext) => {
        ctx.on('console', (msg) => {
          if (msg.type() === 'error') seen.push(`console.error at ${msg.location().url}: ${msg.text()}`);
          else if (msg.type() === 'warning' && /hydrat/i.test(msg.text()))
            seen.push(`hydration warning: ${msg.text()}`);
        });
        ctx.on('weberror', (err) => seen.push(`uncaught in the page: ${err.error().message}`));
      };
      watch(context);
      // Tests that sign in as another role open contexts of their own: watch those too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const ctx = await newContext(...args);
        watch(ctx);
        return ctx;
      };
      try {
        await provide({ allow: (pattern) => void allowed.push(pattern) });
      } finally {
        browser.newContext = newContext;
      }
      const unexpected = seen.filter((text) => !allowed.some((re) => re.test(text)));
      expect(unexpected, `browser console errors in ${testInfo.title}`).toEqual([]);
    },
    { auto: true },
  ],
  leakScan: [
    async ({ context }, use, testInfo) => {
      const secrets = await forbiddenStrings();
      const leaks: string[] = [];
      const pending: Promise<void>[] = [];
      context.on('response', (res) => {
        const url = res.url();
        if (
          url.includes('/_next/static/') ||
          (res.status() >= 300 && res.status() < 400) ||
          res.status() === 204
        )
          return;
        // A body can be unreadable (page closed mid-stream); never let the scan hang the test.
        const body = Promise.race([
          res.text(),
          new Promise<string>((resolve) => setTimeout(() => resolve(''), 5000)),
        ]);
        pending.push(
          body
            .then((text) => {
              for (const leak of findLeaks(text, secrets))
                leaks.push(`${url} contains a secret (…${leak.slice(-4)})`);
            })
            .catch(() => undefined),
        );
      });
      await use();
      await Promise.all(pending);
      expect(leaks, `secrets leaked in ${testInfo.title}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * axe on the current page: WCAG 2.x A/AA rules, no violations allowed. Measured once transitions have
 * finished: a toast fading in has, for a few frames, the contrast of its half-way opacity, which is not
 * what anyone reads (a spinner's endless animation is not waited for).
 */
export async function expectAccessible(page: Page, note = '') {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations ${note}`).toEqual([]);
}

/** Saves a full-page screenshot under screenshots/ (gitignored) for a person to look at. */
export async function snap(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
