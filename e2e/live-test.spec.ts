import type { APIRequestContext } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { BASE_URL } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';

async function configure(request: APIRequestContext, collector: Record<string, unknown>) {
  const id = await sandboxIntegrationId(request);
  const res = await request.patch(`/api/integrations/${id}`, { data: { collector } });
  expect(res.status(), await res.text()).toBe(200);
  return id;
}

test('the live test page shows a refusal while website events are off, and an acceptance once on', async ({
  page,
  consoleErrors,
}) => {
  // The refusal under test: the collector answers 404 while website events are off.
  consoleErrors.allow(
    /^console\.error at [^ ]*\/api\/collect\/[^ ]*: Failed to load resource: the server responded with a status of 404 /,
  );
  const id = await configure(page.request, {
    enabled: false,
    allowedOrigins: [BASE_URL],
    allowedTypes: ['CART', 'VISIT'],
  });
  await page.goto(`/integrations/${id}/collector/test`);
  await expect(page.getByText('Website events are switched off.')).toBeVisible();
  await page.getByRole('button', { name: 'Fire CART' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'CART was refused' });
  await expect(refused).toContainText('nothing was sent');
  await expect(refused).toContainText('Website events are switched off for this integration.');
  await expect(refused).toContainText('HTTP 404');
  await expect(page.getByText(/sent from this page/)).toHaveCount(0);
  await expectAccessible(page, 'on the live test page after a refusal');
  await snap(page, 'live-test-refused');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'live-test-refused-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Not allowed and off: the one button says it does both.
  await configure(page.request, { enabled: false, allowedOrigins: [] });
  await page.reload();
  const allow = page.getByRole('button', {
    name: `Allow ${BASE_URL} for testing and turn website events on`,
  });
  await expect(allow).toBeVisible();
  await allow.click();
  await expect(page.getByText('Website events are switched off.')).toHaveCount(0);
  await expect(page.getByText('This console is not an allowed origin.')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fire CART' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'CART was accepted.' })).toBeVisible();
  await expectAccessible(page, 'on the live test page after an acceptance');
  await snap(page, 'live-test-accepted');
});
