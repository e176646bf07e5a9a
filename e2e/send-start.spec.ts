import type { Page } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { BASE_URL } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { TEST_API_KEY, sandboxCredentials } from './support/secrets';

const PHONE = { width: 390, height: 844 };

/** An integration with working sandbox credentials that nobody has verified yet. */
async function addUnverified(page: Page, name: string): Promise<number> {
  const sb = await sandboxCredentials();
  const res = await page.request.post('/api/integrations', {
    data: {
      name,
      endpoint: new URL('/sandbox', BASE_URL).href,
      clientId: sb.clientId,
      apiKey: TEST_API_KEY,
      apiSecret: sb.apiSecret,
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

const integrationSelect = (page: Page) => page.getByLabel('Integration', { exact: true });
const warning = (page: Page) => page.getByRole('status').filter({ hasText: 'has not been verified yet' });

test('Send event opens on the integration last used, and warns before sending to an unverified one', async ({
  page,
}) => {
  const sandboxId = await sandboxIntegrationId(page.request);
  // Last used: the (verified) sandbox.
  const sent = await page.request.post(`/api/integrations/${sandboxId}/events`, {
    data: { type: 'VISIT', email: 'start@example.com' },
  });
  expect(sent.status()).toBe(201);
  const unverifiedId = await addUnverified(page, 'Unverified shop');

  await page.goto('/send');
  await expect(integrationSelect(page)).toHaveValue(String(sandboxId));
  await expect(page.getByText('has not been verified yet')).toHaveCount(0);

  // Choosing the unverified one warns inline, with the way to its settings, before anything is sent.
  await integrationSelect(page).selectOption({ label: 'Unverified shop' });
  await expect(warning(page)).toContainText('“Unverified shop” has not been verified yet.');
  await expect(warning(page).getByRole('link', { name: 'Open its settings' })).toHaveAttribute(
    'href',
    `/integrations/${unverifiedId}`,
  );
  await expectAccessible(page, 'on Send event with an unverified integration');
  await snap(page, 'send-unverified-warning');
  await page.setViewportSize(PHONE);
  await snap(page, 'send-unverified-warning-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Sending to it anyway makes it the one this user last used: the next visit starts there.
  await page.getByLabel('Contact email').fill('anna@example.com');
  await page.getByRole('button', { name: 'Send event' }).click();
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('SALESmanago accepted the event');
  await page.goto('/send');
  await expect(integrationSelect(page)).toHaveValue(String(unverifiedId));
  await expect(warning(page)).toBeVisible();

  // Backfill starts on the same one, with the same warning.
  await page.goto('/backfill');
  await expect(integrationSelect(page)).toHaveValue(String(unverifiedId));
  await expect(warning(page)).toBeVisible();
  await expectAccessible(page, 'on Backfill with an unverified integration');
  await snap(page, 'backfill-unverified-warning');
});

test('a money value typed with a comma ("249,99") is sent as 249.99', async ({ page }) => {
  const id = await sandboxIntegrationId(page.request);
  await page.goto(`/send?integrationId=${id}&type=PURCHASE`);
  await page.getByLabel('Contact email').fill('comma@example.com');
  await page.getByLabel(/^Value/).fill('249,99');
  const answer = page.waitForResponse((r) => r.url().includes('/events') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Send event' }).click();
  const body = await (await answer).json();
  expect(body.status).toBe('succeeded');
  expect(body.value).toBe(249.99);
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('SALESmanago accepted the event');
});

test('a failed submit moves the focus to the first invalid field, scrolled into view', async ({ page }) => {
  const id = await sandboxIntegrationId(page.request);
  await page.setViewportSize(PHONE);
  await page.goto(`/send?integrationId=${id}&type=PURCHASE`);
  await page.getByLabel(/^Value/).fill('abc');
  await page.getByRole('button', { name: 'Send event' }).click();
  const email = page.getByLabel('Contact email');
  await expect(email).toBeFocused();
  await expect(email).toBeInViewport();
  await expect(page.getByText("Enter the contact's email or their contact ID")).toBeVisible();
  await expectAccessible(page, 'on Send event after a failed submit');
  await snap(page, 'send-invalid-phone');
});
