import type { Page } from '@playwright/test';

import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';
import { htmlPage, startStaticServer, type StaticServer } from './support/static-server';

/** The Sandbox's snippet screen and its current code, straight from the API. */
async function openSandboxSnippet(page: Page): Promise<{ id: number; code: string; clientId: string }> {
  const { items } = await (await page.request.get('/api/integrations')).json();
  const sandbox = items.find(
    (i: { isSandbox: boolean; name: string }) => i.isSandbox && i.name === 'Sandbox',
  );
  await page.goto(`/integrations/${sandbox.id}/snippet`);
  const { html } = await (await page.request.get(`/api/integrations/${sandbox.id}/snippet`)).json();
  return { id: sandbox.id, code: html, clientId: sandbox.clientId };
}

const checker = (page: Page) =>
  page.locator('section', { has: page.getByRole('heading', { name: 'Check my code', exact: true }) });

test('a pasted copy that an editor changed is explained line by line', async ({ page, consoleErrors }) => {
  // Checking with nothing pasted is the API's 422, which Chromium logs as a failed load.
  consoleErrors.allow(failedLoad('/snippet/check', 422));
  const { code, clientId } = await openSandboxSnippet(page);
  const check = checker(page);
  await expect(check.getByRole('tab', { name: 'Paste code' })).toHaveAttribute('aria-selected', 'true');

  // Nothing pasted: the field says what to do and nothing is checked.
  await check.getByRole('button', { name: 'Check code' }).click();
  await expect(
    check.getByText('Paste the monitoring code (or the whole page source) to check it.'),
  ).toBeVisible();

  // What a word processor does: curly quotes around the client ID.
  const curly = code.replace(`"${clientId}"`, `\u201C${clientId}\u201D`);
  await check.getByLabel('Code from your site').fill(curly);
  await check.getByRole('button', { name: 'Check code' }).click();
  await expect(check.getByText(/^\d+ problems? to fix$/)).toBeVisible();
  const findings = check.getByRole('list', { name: 'Findings' }).getByRole('listitem');
  const quotes = findings.filter({ hasText: 'typographic (curly) quotes' });
  await expect(quotes).toContainText('Must fix');
  await expect(quotes).toContainText('Line 2');
  await expect(quotes).toContainText('Expected');
  await expect(quotes).toContainText('left double quotation mark');
  await expect(quotes).toContainText('Fix: Copy the code again');
  await expectAccessible(page, 'with check findings');
  await snap(page, 'snippet-check-problems');

  // Pasted twice, once with an old client ID.
  const old = code.replace(clientId, 'oldclient123');
  await check.getByLabel('Code from your site').fill(`${code}\n${old}`);
  await check.getByRole('button', { name: 'Check code' }).click();
  await expect(findings.filter({ hasText: /on this page 2 times/ })).toBeVisible();
  await expect(findings.filter({ hasText: 'oldclient123' }).first()).toBeVisible();

  // HTML entities and a <p> that a CMS added.
  const cms = `<p>${code.replaceAll("'", '&#39;').replace('\n  var _smid', '<br>\n  var _smid')}</p>`;
  await check.getByLabel('Code from your site').fill(cms);
  await check.getByRole('button', { name: 'Check code' }).click();
  await expect(findings.filter({ hasText: 'HTML codes where the code needs the characters' })).toBeVisible();

  // The exact copy.
  await check.getByLabel('Code from your site').fill(code);
  await check.getByRole('button', { name: 'Check code' }).click();
  await expect(check.getByText('The code matches exactly.')).toBeVisible();
  await expect(check.getByRole('list', { name: 'Findings' })).toHaveCount(0);
  await snap(page, 'snippet-check-ok');
});

test.describe('checking a page by its address', () => {
  let site: StaticServer;
  test.beforeAll(async () => {
    site = await startStaticServer();
  });
  test.afterAll(async () => {
    await site.close();
  });

  test('fetches the page, follows redirects, and refuses private addresses', async ({
    page,
    consoleErrors,
  }) => {
    // The refused addresses are the API's 422s, which Chromium logs as failed loads.
    consoleErrors.allow(failedLoad('/snippet/check', 422));
    const { code } = await openSandboxSnippet(page);
    site.set('/', htmlPage(code));
    site.set('/old-home', { status: 301, headers: { location: '/' } });
    site.set('/no-code', htmlPage('<p>Welcome</p>'));
    site.set('/twice', htmlPage(`${code}\n${code}`));
    const check = checker(page);

    // Keyboard: the tabs move with the arrow keys.
    await check.getByRole('tab', { name: 'Paste code' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(check.getByRole('tab', { name: 'Page address' })).toHaveAttribute('aria-selected', 'true');
    const address = check.getByRole('textbox', { name: 'Page address' });

    await address.fill(site.url('/old-home'));
    await check.getByRole('button', { name: 'Check page' }).click();
    await expect(check.getByText('The code matches exactly.')).toBeVisible();
    await expect(check.getByText(`Read ${site.url('/')}`)).toContainText(
      `redirected from ${site.url('/old-home')}`,
    );
    await expectAccessible(page, 'with a page checked');
    await snap(page, 'snippet-check-url');

    await address.fill(site.url('/twice'));
    await check.getByRole('button', { name: 'Check page' }).click();
    await expect(check.getByText(/on this page 2 times/)).toBeVisible();

    await address.fill(site.url('/no-code'));
    await check.getByRole('button', { name: 'Check page' }).click();
    await expect(check.getByText('No monitoring code was found.')).toBeVisible();

    await address.fill(site.url('/gone'));
    await check.getByRole('button', { name: 'Check page' }).click();
    await expect(check.getByText(/answered HTTP 404/)).toBeVisible();

    // Refused before any connection: cloud metadata, and this server by another name.
    for (const [url, reason] of [
      ['http://169.254.169.254/latest/meta-data/', /link-local address/],
      [`http://localhost:${site.port}/`, /is this server itself/],
      ['ftp://127.0.0.1/', /Only http:\/\/ and https:\/\/ pages/],
    ] as const) {
      const before = site.requests.length;
      await address.fill(url);
      await check.getByRole('button', { name: 'Check page' }).click();
      await expect(address).toHaveAttribute('aria-invalid', 'true');
      await expect(check.getByText(reason)).toBeVisible();
      expect(site.requests.length).toBe(before);
    }
    await expectAccessible(page, 'with a refused address');
    await snap(page, 'snippet-check-url-refused');
  });
});
