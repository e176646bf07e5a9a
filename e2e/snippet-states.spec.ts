import type { APIRequestContext, Page } from '@playwright/test';

import { SANDBOX_URL, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { TEST_API_KEY, TEST_API_SECRET } from './support/secrets';
import { htmlPage, startStaticServer } from './support/static-server';

async function createIntegration(
  request: APIRequestContext,
  data: { name: string; endpoint: string; clientId: string },
) {
  const res = await request.post('/api/integrations', {
    data: { ...data, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, owner: 'owner@example.com' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: number };
}

const card = (page: Page, title: string) =>
  page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) });

test('an unverified sandbox integration warns, waits, and after two minutes says what to check', async ({
  page,
}) => {
  // A client ID the sandbox does not know: no visit can ever be recorded for it.
  const { id } = await createIntegration(page.request, {
    name: 'Unverified sandbox',
    endpoint: SANDBOX_URL,
    clientId: 'sbxnobody12345',
  });
  try {
    await page.clock.install();
    await page.goto(`/integrations/${id}/snippet`);
    const warning = page
      .getByRole('status')
      .filter({ hasText: 'The settings in this code are not verified yet.' });
    await expect(warning).toContainText('sbxnobody12345');
    await expect(warning.getByRole('link', { name: 'Open settings' })).toHaveAttribute(
      'href',
      `/integrations/${id}`,
    );
    const installation = card(page, 'Installation');
    await expect(installation.getByText('Waiting for the first visit…')).toBeVisible();
    await expect(installation.getByText('Nothing yet after two minutes.')).toHaveCount(0);

    // The two minutes start when the screen hydrates, which the server-rendered spinner above does not
    // show: on a busy machine a single jump could land first. Jump two minutes at a time until it shows.
    const hint = installation.getByText('Nothing yet after two minutes. Check that:');
    await expect(async () => {
      await page.clock.fastForward('02:01');
      await expect(hint).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(installation).toContainText('cookie-consent tool');
    await expectAccessible(page, 'while waiting for a visit');
    await snap(page, 'snippet-waiting-hint');
  } finally {
    await page.request.delete(`/api/integrations/${id}`);
  }
});

test('a real SALESmanago integration gets the https code, and the URL checker instead of detection', async ({
  page,
}) => {
  const { id } = await createIntegration(page.request, {
    name: 'Shop on app3',
    endpoint: 'app3.salesmanago.com',
    clientId: 'abc123def456',
  });
  try {
    await page.goto(`/integrations/${id}/snippet`);
    const code = card(page, 'Monitoring code').getByLabel('Monitoring code', { exact: true });
    await expect(code).toContainText('var _smid = "abc123def456";');
    await expect(code).toContainText("'app3.salesmanago.com/static/sm.js'");
    await expect(card(page, 'Installation')).toContainText(
      'reports visits to SALESmanago, not to this console',
    );
    await card(page, 'Installation').getByRole('link', { name: 'Check my code' }).click();
    await expect(page).toHaveURL(/#check$/);
    await expect(page.getByText('This is the sandbox.')).toHaveCount(0);
    await expectAccessible(page, 'for a real integration');
    await snap(page, 'snippet-real-integration');

    // A page check that finds the code is what a real account has instead of detection: the card names
    // the page, which the console fetches again every 6 hours (lib/jobs/installation-checks.ts).
    const { html } = await (await page.request.get(`/api/integrations/${id}/snippet`)).json();
    const site = await startStaticServer({ '/': htmlPage(html) });
    try {
      const check = await page.request.post(`/api/integrations/${id}/snippet/check`, {
        data: { url: site.url('/') },
      });
      expect(check.status(), await check.text()).toBe(200);
      expect((await check.json()).scriptsFound).toBe(1);
      await page.reload();
      await expect(card(page, 'Installation')).toContainText('✓ Code found');
      await expect(card(page, 'Installation')).toContainText(site.url('/'));
      await expectAccessible(page, 'for a real integration whose code a page check found');
      await snap(page, 'snippet-real-integration-found');
    } finally {
      await site.close();
    }
  } finally {
    await page.request.delete(`/api/integrations/${id}`);
  }
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStatePath('viewer') });

  test('copies the code and can try options, but cannot save them', async ({ page }) => {
    const { items } = await (await page.request.get('/api/integrations')).json();
    const sandbox = items.find(
      (i: { isSandbox: boolean; name: string }) => i.isSandbox && i.name === 'Sandbox',
    );
    await page.goto(`/integrations/${sandbox.id}/snippet`);
    const options = card(page, 'Options');
    await expect(options.getByText('Only admins and marketers can save them as the default.')).toBeVisible();
    await expect(options.getByRole('button', { name: 'Save as default' })).toHaveCount(0);

    await options.getByLabel('Load pop-ups').check();
    const code = card(page, 'Monitoring code');
    await expect(code.getByLabel('Monitoring code', { exact: true })).toContainText('/popups.js');
    await code.getByRole('button', { name: 'Copy code' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('/popups.js');
    await expectAccessible(page, 'as a viewer');
    await snap(page, 'snippet-viewer');
  });
});
