import { sandboxIntegrationId } from './support/api';
import { storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';

const PHONE = { width: 390, height: 844 };

test('technical details (cURL, HTTP status, raw requests) sit behind a switch remembered per user', async ({
  page,
  browser,
}) => {
  const id = await sandboxIntegrationId(page.request);
  const sent = await page.request.post(`/api/integrations/${id}/events`, {
    data: { type: 'PURCHASE', email: 'plain@example.com', value: 10, detail9: 'PLN' },
  });
  const delivery = await sent.json();
  await page.goto(`/deliveries/${delivery.id}`);
  const toggle = page.getByRole('switch', { name: 'Technical details' });
  await expect(toggle).not.toBeChecked();
  await expect(page.getByRole('button', { name: /Copy as cURL/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Request of attempt 1' })).toHaveCount(0);
  await expect(page.getByText('HTTP 200')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Attempts' })).toBeVisible();
  // No raw epoch or wire names in plain words; the value with its currency (detail9, named Currency).
  await expect(page.getByText(String(delivery.eventDate))).toHaveCount(0);
  await expect(page.getByText('contactExtEventType')).toHaveCount(0);
  await expect(page.getByText('10 PLN')).toBeVisible();
  // Each action says in one line what it does.
  const help = page.getByRole('list', { name: 'What the actions do' });
  await expect(help).toContainText('Resend sends the same event again as a new delivery');
  await expect(help).toContainText('Edit and resend opens Send event filled in with this event');
  await expectAccessible(page, 'on a delivery in plain words');
  await snap(page, 'delivery-plain');
  await page.setViewportSize(PHONE);
  await snap(page, 'delivery-plain-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await toggle.check();
  await expect(page.getByRole('button', { name: 'Copy as cURL', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Request of attempt 1' })).toContainText('"sha"');
  await expect(page.getByText('contactExtEventType').first()).toBeVisible();
  await expectAccessible(page, 'on a delivery with technical details');
  await snap(page, 'delivery-technical');

  // Remembered: still on after a reload and on the next screen, for this user.
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Technical details' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Copy as cURL', exact: true })).toBeVisible();
  await page.goto(`/send?integrationId=${id}`);
  await expect(page.getByRole('switch', { name: 'Technical details' })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Request preview' })).toBeVisible();

  // Another user starts plain.
  const ctx = await browser.newContext({ storageState: storageStatePath('marketer') });
  const other = await ctx.newPage();
  await other.goto(`/send?integrationId=${id}`);
  await expect(other.getByRole('switch', { name: 'Technical details' })).not.toBeChecked();
  await expect(other.getByRole('heading', { name: 'Request preview' })).toHaveCount(0);
  await expectAccessible(other, 'on Send event in plain words');
  await snap(other, 'send-plain');
  await ctx.close();

  // The website events screen: the collector address is a technical detail too.
  await page.goto(`/integrations/${id}/collector`);
  await expect(page.getByText('Collector address')).toBeVisible();
  await page.getByRole('switch', { name: 'Technical details' }).uncheck();
  await expect(page.getByText('Collector address')).toHaveCount(0);
  await expectAccessible(page, 'on the website events screen in plain words');
  await snap(page, 'website-events-plain');
  await page.setViewportSize(PHONE);
  await snap(page, 'website-events-plain-phone');
});
