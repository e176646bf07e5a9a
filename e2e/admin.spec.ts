import { request as playwrightRequest } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { BASE_URL, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';

test('an admin creates an API token, sees it once, a script uses it, and revoking it stops it', async ({
  page,
}) => {
  await page.goto('/tokens');
  await expectAccessible(page, 'on /tokens');
  await page.getByLabel('Name').fill('ERP import');
  await page.getByLabel('Role').selectOption('marketer');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Copy the token now: it is shown only once.')).toBeVisible();
  const token = (await page.locator('p.font-mono').first().textContent())!.trim();
  expect(token).toMatch(/^smc_/);
  await snap(page, 'tokens');

  const api = await playwrightRequest.newContext({
    baseURL: BASE_URL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const id = await sandboxIntegrationId(api);
  const sent = await api.post(`/api/integrations/${id}/events`, {
    data: { type: 'LOGIN', email: 'token@example.com' },
  });
  expect(sent.status()).toBe(201);
  expect((await sent.json()).source).toBe('api');
  // The token acts as a marketer: no credentials management.
  expect((await api.patch(`/api/integrations/${id}`, { data: { name: 'x' } })).status()).toBe(403);
  // A bearer token is not a cookie: a cross-site header does not matter for it.
  expect(
    (await api.get('/api/deliveries?limit=1', { headers: { origin: 'https://evil.example.net' } })).status(),
  ).toBe(200);

  await page.reload();
  const row = page.getByRole('row', { name: /ERP import/ });
  await expect(row).not.toContainText('Never');
  await expect(page.getByText(token)).toHaveCount(0);
  await row.getByRole('button', { name: 'Revoke ERP import' }).click();
  await expect(row).toContainText('Revoked');
  const after = await api.get('/api/deliveries?limit=1');
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toContain('revoked');
  expect(
    (await api.get('/api/deliveries', { headers: { authorization: 'Bearer smc_not-a-token' } })).status(),
  ).toBe(401);
  await api.dispose();

  const bad = await page.request.post('/api/tokens', { data: { name: '', role: 'owner' } });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.fieldErrors).sort()).toEqual(['name', 'role']);
});

test('the audit log records who changed settings, users, tokens and sent events', async ({ page }) => {
  const id = await sandboxIntegrationId(page.request);
  await page.request.patch(`/api/integrations/${id}`, {
    data: { collector: { enabled: true, allowedOrigins: ['https://audit.example.com'] } },
  });
  await page.request.post(`/api/integrations/${id}/events`, {
    data: { type: 'VISIT', email: 'audit@example.com' },
  });
  await page.goto('/audit');
  await expectAccessible(page, 'on /audit');
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table).toContainText('Website events switched on; allowed origins: https://audit.example.com');
  await expect(table).toContainText('Sent a Visit (VISIT) for audit@example.com');
  // Sentences, not codes: the action's code is a technical detail, shown only on demand.
  await expect(table).not.toContainText('event.send');
  await page.getByRole('switch', { name: 'Technical details' }).check();
  await expect(table).toContainText('event.send');
  await page.getByRole('switch', { name: 'Technical details' }).uncheck();
  await expect(table).toContainText('admin@example.com');
  await page.getByLabel('Show').selectOption('token');
  await expect(table).toContainText('Created API token “ERP import” (marketer).');
  await expect(table).not.toContainText('Sent a Visit');
  await snap(page, 'audit');

  const marketer = await playwrightRequest.newContext({
    baseURL: BASE_URL,
    storageState: storageStatePath('marketer'),
  });
  expect((await marketer.get('/api/audit')).status()).toBe(403);
  expect((await marketer.get('/api/tokens')).status()).toBe(403);
  await marketer.dispose();
});

test('failed deliveries are grouped by reason with the fix, and retried in bulk with a progress bar', async ({
  page,
}) => {
  const id = await sandboxIntegrationId(page.request);
  const clientId = (await (await page.request.get(`/api/integrations/${id}`)).json()).clientId;
  // Deliveries to an integration with a wrong secret fail for good: a clear, non-retryable reason. The
  // first refusal also pauses that integration (a credentials incident: what follows would wait), so
  // three shops with a wrong secret give three failed deliveries.
  const brokenIds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const broken = await page.request.post('/api/integrations', {
      data: {
        name: `Broken shop ${i}`,
        endpoint: new URL('/sandbox', BASE_URL).href,
        clientId,
        apiKey: 'key-for-broken-shop',
        apiSecret: 'wrong-secret-for-broken-shop',
        owner: 'owner@sandbox.example.com',
      },
    });
    const brokenId = (await broken.json()).id as number;
    brokenIds.push(brokenId);
    const r = await page.request.post(`/api/integrations/${brokenId}/events`, {
      data: { type: 'CART', email: `broken${i}@example.com` },
    });
    expect((await r.json()).status).toBe('failed');
  }
  await page.goto('/attention');
  await expectAccessible(page, 'on /attention');
  const group = page
    .getByRole('list', { name: 'Failure reasons' })
    .getByRole('listitem')
    .filter({ hasText: /credential|API secret|authenticat/i })
    .first();
  await expect(group).toContainText('3 deliveries');
  await expect(group).toContainText('What to do:');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByText('failed deliveries')).toBeAttached();
  await snap(page, 'attention');

  // Retry the whole group: the deliveries wait while their shops' credentials are refused…
  await group.getByRole('button', { name: /Retry all 3/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Retry deliveries' });
  await expect(dialog).toContainText('3 failed or retrying deliveries match');
  await dialog.getByRole('button', { name: 'Retry 3 deliveries' }).click();
  await expect(dialog.getByRole('progressbar')).toBeVisible();
  await expect(dialog).toContainText('3 of 3 · Done');
  // …and go once the cause is fixed: the next credential check finds the secret right and resumes sending.
  const sandboxSecret = (await (await import('./support/secrets')).sandboxCredentials()).apiSecret;
  for (const brokenId of brokenIds)
    await page.request.patch(`/api/integrations/${brokenId}`, { data: { apiSecret: sandboxSecret } });
  for (const brokenId of brokenIds) {
    await expect
      .poll(
        async () =>
          (await (await page.request.get(`/api/deliveries?integrationId=${brokenId}`)).json()).items.map(
            (d: { status: string }) => d.status,
          ),
        { timeout: 30_000 },
      )
      .toEqual(['succeeded']);
    await page.request.delete(`/api/integrations/${brokenId}`);
  }
});

test('retry now sends a waiting delivery at once; a viewer may not retry', async ({ page, browser }) => {
  const id = await sandboxIntegrationId(page.request);
  const d = await (
    await page.request.post(`/api/integrations/${id}/events`, {
      data: { type: 'OTHER', email: 'sandbox+500@example.com', description: `retry-now ${Date.now()}` },
    })
  ).json();
  expect(d.status).toBe('retrying');
  expect(d.nextAttemptAt).toBeGreaterThan(Date.now());
  const retried = await page.request.post(`/api/deliveries/${d.id}/retry`);
  expect(retried.status()).toBe(200);
  await expect
    .poll(async () => (await (await page.request.get(`/api/deliveries/${d.id}`)).json()).attempts.length)
    .toBeGreaterThanOrEqual(2);
  const viewer = await browser.newContext({ storageState: storageStatePath('viewer') });
  expect((await viewer.request.post(`/api/deliveries/${d.id}/retry`)).status()).toBe(403);
  expect((await viewer.request.post('/api/deliveries/bulk-retry', { data: { filters: {} } })).status()).toBe(
    403,
  );
  await viewer.close();
  const succeeded = await (
    await page.request.post(`/api/integrations/${id}/events`, {
      data: { type: 'OTHER', email: 'fine@example.com' },
    })
  ).json();
  expect((await page.request.post(`/api/deliveries/${succeeded.id}/retry`)).status()).toBe(409);
});
