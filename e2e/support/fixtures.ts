import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

import { findLeaks, forbiddenStrings } from './secrets';

const SCREENSHOT_DIR = path.resolve('screenshots');

/**
 * The suite's `test`: every page's responses (HTML, JSON, RSC payloads) are scanned for secrets as
 * the test runs, and a test fails if any appears, whatever the test itself was checking.
 */
export const test = base.extend<{ leakScan: void }>({
  leakScan: [
    async ({ context }, use, testInfo) => {
      const secrets = forbiddenStrings();
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

/** axe on the current page: WCAG 2.x A/AA rules, no violations allowed. */
export async function expectAccessible(page: Page, note = '') {
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
