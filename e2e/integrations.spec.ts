import { SANDBOX_URL } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';
import { sandboxCredentials, TEST_API_KEY, TEST_API_SECRET } from './support/secrets';

test('the Sandbox integration verifies out of the box', async ({ page }) => {
  await page.goto('/integrations');
  await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  await expectAccessible(page, 'on /integrations');
  await snap(page, 'integrations');

  await page.getByRole('table').getByRole('link', { name: 'Sandbox' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sandbox');
  await page.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByText('Everything works.')).toBeVisible();
  const checks = page.getByRole('list', { name: 'Verification checks' }).getByRole('listitem');
  await expect(checks).toHaveCount(5);
  await expect(checks.filter({ hasText: 'failed' })).toHaveCount(0);
  await expect(page.getByText('owner@sandbox.example.com').first()).toBeVisible();
  await expectAccessible(page, 'on the settings screen');
  await snap(page, 'integration-settings');
});

test('an admin creates, verifies, fixes, edits and deletes an integration', async ({
  page,
  consoleErrors,
}) => {
  // The refused endpoint below is the API's 422, which Chromium logs as a failed load.
  consoleErrors.allow(failedLoad('/api/integrations', 422));
  const sandbox = await sandboxCredentials();
  await page.goto('/integrations/new');
  await expectAccessible(page, 'on /integrations/new');

  // A host that is not SALESmanago's is refused with a sentence naming the allowed hosts.
  await page.getByLabel('Name').fill('Test shop');
  await page.getByLabel('Endpoint').fill('api.example.com');
  await page.getByLabel('Client ID').fill(sandbox.clientId);
  await page.getByLabel('Owner email').fill('owner@sandbox.example.com');
  await page.getByLabel('API key').fill(TEST_API_KEY);
  await page.getByLabel('API secret').fill(TEST_API_SECRET);
  await page.getByRole('button', { name: 'Save and verify' }).click();
  await expect(page.getByText(/salesmanago\.com/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/integrations\/new$/);

  // The sandbox endpoint with a wrong API secret: saved, and verification names the secret/sha.
  await page.getByLabel('Endpoint').fill(SANDBOX_URL);
  await page.getByRole('button', { name: 'Save and verify' }).click();
  await expect(page).toHaveURL(/\/integrations\/\d+$/);
  await expect(page.getByText('Something needs fixing.')).toBeVisible();
  const credentials = page
    .getByRole('list', { name: 'Verification checks' })
    .getByRole('listitem')
    .filter({ hasText: 'API secret accepted' });
  await expect(credentials).toContainText('failed');
  await expect(credentials).toContainText(/API secret|sha/i);
  // The checks after the failed one did not run: "not checked" (grey), not a second failure.
  const owner0 = page
    .getByRole('list', { name: 'Verification checks' })
    .getByRole('listitem')
    .filter({ hasText: 'Owner is a user' });
  await expect(owner0).toContainText('not checked');
  await expect(owner0).not.toContainText(': failed');
  await expectAccessible(page, 'with checks not run');
  await snap(page, 'integration-verify-failed');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'integration-verify-failed-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Secrets are masked; replacing the secret verifies again.
  await expect(page.getByText(`••••••••${TEST_API_SECRET.slice(-4)}`)).toBeVisible();
  await page.getByRole('button', { name: 'Replace API secret' }).click();
  await page.getByLabel('New API secret').fill(sandbox.apiSecret);
  await page.getByRole('button', { name: 'Replace and verify' }).click();
  await expect(page.getByText('Everything works.')).toBeVisible();

  // An owner who is not a user of the account fails the owner check and can be picked from the list.
  await page.getByLabel('Owner email').fill('nobody@example.com');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Not verified yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Verify now' }).click();
  const owner = page
    .getByRole('list', { name: 'Verification checks' })
    .getByRole('listitem')
    .filter({ hasText: 'Owner is a user' });
  await expect(owner).toContainText('failed');
  await expect(owner).toContainText('nobody@example.com');
  await page.getByRole('button', { name: 'Use as owner' }).first().click();
  await expect(page.getByText('Everything works.')).toBeVisible();
  await expect(page.getByLabel('Owner email')).toHaveValue('owner@sandbox.example.com');

  // Rename: the sidebar follows.
  await page.getByLabel('Name').fill('Test shop (PL)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Integrations' }).getByRole('link', { name: /Test shop \(PL\)/ }),
  ).toBeVisible();

  // Delete after confirming.
  await page.getByRole('button', { name: 'Delete integration…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'with the delete dialog open');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete integration' }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole('table').getByRole('link', { name: /Test shop/ })).toHaveCount(0);
});
