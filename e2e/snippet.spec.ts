import type { Page } from '@playwright/test';

import { SANDBOX_URL } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';
import { htmlPage, startStaticServer } from './support/static-server';

/** A card on the screen, found by its heading. */
const card = (page: Page, title: string) =>
  page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) });

/** Opens the Sandbox's monitoring code the way a person would: integrations list, then the tab. */
async function openSandboxSnippet(page: Page): Promise<number> {
  await page.goto('/integrations');
  await page.getByRole('table').getByRole('link', { name: 'Sandbox' }).click();
  await page
    .getByRole('navigation', { name: 'Integration sections' })
    .getByRole('link', { name: 'Monitoring code' })
    .click();
  await expect(page).toHaveURL(/\/integrations\/\d+\/snippet$/);
  await expect(page.getByRole('heading', { name: 'Monitoring code', level: 2 })).toBeVisible();
  return Number(page.url().split('/').at(-2));
}

test('the copied code is exact, runs in a plain page, and the sandbox sees it', async ({ page, context }) => {
  const id = await openSandboxSnippet(page);
  const installation = card(page, 'Installation');
  await expect(page.getByRole('tab', { name: 'HTML' })).toHaveAttribute('aria-selected', 'true');
  await expectAccessible(page, 'on the snippet screen');
  await snap(page, 'snippet');

  await page.getByRole('button', { name: 'Copy code' }).click();
  await expect(page.getByRole('button', { name: '✓ Copied' })).toBeVisible();
  await expect(page.getByText(/^Copied \d+ characters, exactly as shown\.$/)).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const served = await (await page.request.get(`/api/integrations/${id}/snippet`)).json();
  expect(copied).toBe(served.html);
  expect(copied).toMatch(/^<script type="text\/javascript">\n {2}var _smid = "sbx[0-9a-f]+";\n/);
  expect(copied).not.toMatch(/[\u00A0\u200B-\u200F\uFEFF\u201C\u201D\u2018\u2019]/);

  const site = await startStaticServer({ '/shop.html': htmlPage(copied) });
  try {
    const shop = await context.newPage();
    // Hold sm.js back for a moment to see the queue the code sets up before sm.js takes over.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await shop.route('**/sandbox/static/sm.js', async (route) => {
      await released;
      await route.continue();
    });
    // An async script that has not arrived holds the load event back, so wait for the DOM only.
    await shop.goto(site.url('/shop.html'), { waitUntil: 'domcontentloaded' });
    const before = await shop.evaluate(() => {
      const w = window as unknown as {
        sm: ((...a: unknown[]) => void) & { q?: unknown[] };
        SalesmanagoObject: string;
      };
      w.sm('pageNote', 1);
      return {
        sm: typeof w.sm,
        queued: w.sm.q?.length,
        objectName: w.SalesmanagoObject,
        src: Array.from(document.scripts, (s) => s.src).filter(Boolean),
      };
    });
    expect(before).toEqual({
      sm: 'function',
      queued: 1,
      objectName: 'sm',
      src: [`${SANDBOX_URL}/static/sm.js`],
    });
    release();
    // The sandbox's sm.js drains the queue in order and reports the visit.
    await expect
      .poll(() =>
        shop.evaluate(() => (window as unknown as { __sandboxSm?: { calls: unknown[] } }).__sandboxSm?.calls),
      )
      .toEqual([['pageNote', 1]]);

    await expect(installation.getByText('✓ Code seen')).toBeVisible({ timeout: 20_000 });
    await expect(installation).toContainText(site.url('/shop.html'));
    await expectAccessible(page, 'with the code seen');
    await snap(page, 'snippet-code-seen');
    await shop.close();
  } finally {
    await site.close();
  }
});

test('options update the code live, and only valid ones can be saved', async ({ page, consoleErrors }) => {
  // The half-typed value below is refused by the API (422) while the code refreshes, which Chromium logs.
  consoleErrors.allow(failedLoad('/snippet', 422));
  const id = await openSandboxSnippet(page);
  const code = card(page, 'Monitoring code');
  const options = card(page, 'Options');

  await options.getByLabel('Load pop-ups').check();
  await expect(code.getByLabel('Monitoring code', { exact: true })).toContainText('/dynamic/');
  await options.getByLabel('Identify logged-in visitors').check();
  await expect(code.getByLabel('Line for logged-in visitors')).toHaveText('var _smclientid = "CONTACT_ID";');

  // A half-typed value is refused on its field; the last good code stays.
  await options.getByLabel('Cookie lifetime (days)').fill('30 days');
  await expect(options.getByText('Use a whole number.')).toBeVisible();
  await expect(code.getByText('The code below does not include your latest change yet.')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Save as default' })).toBeDisabled();
  await options.getByLabel('Cookie lifetime (days)').fill('30');
  await options.getByLabel('Extra sm(…) commands').fill("sm('webPush', ['abc', '1'])");
  await expect(code.getByLabel('Monitoring code', { exact: true })).toContainText('var _smclt = 30;');
  await expect(code.getByLabel('Monitoring code', { exact: true })).toContainText(
    "sm('webPush', ['abc', '1']);",
  );
  await expect(options.getByText('Unsaved changes')).toBeVisible();
  await snap(page, 'snippet-options-edited');

  await code.getByText('One line', { exact: true }).click();
  await expect(code.getByRole('radio', { name: 'One line' })).toBeChecked();
  await expect(code.getByText(/^One line\. It loads/)).toBeVisible();
  await options.getByRole('button', { name: 'Save as default' }).click();
  await expect(page.getByText('Options saved. Everyone now gets this code by default.')).toBeVisible();
  const saved = await (await page.request.get(`/api/integrations/${id}/snippet`)).json();
  expect(saved.options).toMatchObject({ popups: true, cookieLifetimeDays: 30, format: 'minified' });
  expect(saved.html).not.toContain('\n');

  await page.reload();
  await expect(options.getByLabel('Load pop-ups')).toBeChecked();
  await expect(code.getByRole('radio', { name: 'One line' })).toBeChecked();
  await expectAccessible(page, 'with saved options');

  // Back to the defaults for the other specs.
  const reset = await page.request.put(`/api/integrations/${id}/snippet-options`, { data: {} });
  expect(reset.status()).toBe(200);
});

test('the placement guides are tabs a keyboard can use', async ({ page }) => {
  await openSandboxSnippet(page);
  const guides = page.getByRole('tablist', { name: 'Where to put the monitoring code' });
  await guides.getByRole('tab', { name: 'HTML' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(guides.getByRole('tab', { name: 'WordPress' })).toBeFocused();
  await expect(guides.getByRole('tab', { name: 'WordPress' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'WordPress' })).toContainText(
    'Code Snippets → Header & Footer',
  );
  await page.keyboard.press('End');
  await expect(page.getByRole('tabpanel', { name: 'Google Tag Manager' })).toContainText('Custom HTML');
  await expect(page.getByRole('tabpanel', { name: 'WordPress' })).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(guides.getByRole('tab', { name: 'HTML' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(guides.getByRole('tab', { name: 'Google Tag Manager' })).toHaveAttribute('tabindex', '0');
  await expect(guides.getByRole('tab', { name: 'HTML' })).toHaveAttribute('tabindex', '-1');
  await expectAccessible(page, 'with the GTM guide open');
  await snap(page, 'snippet-guide-gtm');
});
