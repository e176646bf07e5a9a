import type { DeliveryDetail } from '@/lib/data/deliveries';
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { findLeaks, forbiddenStrings, sandboxCredentials } from './support/secrets';

const token = runToken('sbx');
const email = `sam-${token}@example.com`;
let purchase: DeliveryDetail;
let cart: DeliveryDetail;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  const sandboxId = await sandboxIntegrationId(api);
  purchase = await sendEvent(api, sandboxId, {
    type: 'PURCHASE',
    email,
    value: 42,
    externalId: `${token}-1`,
  });
  cart = await sendEvent(api, sandboxId, { type: 'CART', email, products: 'SKU-1' });
  expect([purchase.status, cart.status]).toEqual(['succeeded', 'succeeded']);
  await api.dispose();
});

test('the sandbox lists its account and contacts, and each contact the events it received', async ({
  page,
}) => {
  await page.goto('/sandbox-contacts');
  await expect(page.getByRole('heading', { name: 'Sandbox contacts', level: 1 })).toBeVisible();
  await expect(page.getByText((await sandboxCredentials()).clientId)).toBeVisible();
  await expect(page.getByText('owner@sandbox.example.com')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(2)).toHaveText('2');
  await expectAccessible(page, 'on /sandbox-contacts');
  await snap(page, 'sandbox-contacts');

  await row.getByRole('link', { name: email }).click();
  await expect(page.getByRole('heading', { name: email, level: 1 })).toBeVisible();
  const events = page.getByRole('article');
  await expect(events).toHaveCount(2);
  // Newest first: the CART came after the PURCHASE.
  await expect(events.nth(0).getByRole('heading', { level: 3 })).toHaveText('CART · Cart');
  const bought = events.nth(1);
  await expect(bought.getByRole('heading', { level: 3 })).toHaveText('PURCHASE · Purchase');
  await expect(bought).toContainText(purchase.smEventId!);
  await expect(bought).toContainText('API v2');
  await expect(bought).toContainText('/api/v2/contact/addContactExtEvent');
  await expect(bought.getByLabel(/^Stored fields/)).toContainText('"contactExtEventType": "PURCHASE"');
  await expect(bought.getByLabel(/^Stored fields/)).toContainText(`"externalId": "${token}-1"`);
  await expectAccessible(page, 'on a sandbox contact');
  await snap(page, 'sandbox-contact');

  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, 'on a sandbox contact, phone');
  await snap(page, 'sandbox-contact-mobile');

  // From the contact to its deliveries in the history.
  await page.getByRole('link', { name: 'Deliveries to this contact' }).click();
  await expect(page).toHaveURL(/\/deliveries\?q=/);
  await expect(
    page.getByRole('list', { name: 'Deliveries, newest first' }).getByRole('listitem'),
  ).toHaveCount(2);
});

test('the magic contacts are documented with a copy button each', async ({ page }) => {
  await page.goto('/sandbox-contacts');
  const magic = page.getByRole('region', { name: 'Magic contacts' });
  for (const address of [
    'sandbox+timeout@example.com',
    'sandbox+500@example.com',
    'sandbox+flaky@example.com',
  ]) {
    await expect(magic.getByText(address, { exact: true })).toBeVisible();
  }
  const item = magic.getByRole('listitem').filter({ hasText: 'sandbox+500@example.com' });
  await expect(item).toContainText('Answers HTTP 500');
  await expect(item).toContainText('The console records');
  await item.getByRole('button', { name: 'Copy' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('sandbox+500@example.com');

  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, 'on /sandbox-contacts, phone');
  await snap(page, 'sandbox-contacts-mobile');
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStatePath('viewer') });

  test('reads the sandbox through the API, and unknown contacts are 404', async ({ page }) => {
    const list = await page.request.get('/api/sandbox/contacts?limit=500');
    expect(list.status()).toBe(200);
    const text = await list.text();
    expect(findLeaks(text, await forbiddenStrings())).toEqual([]);
    const contact = (JSON.parse(text).items as Array<{ id: string; email: string }>).find(
      (c) => c.email === email,
    );
    expect(contact).toBeDefined();
    const detail = await page.request.get(`/api/sandbox/contacts/${contact!.id}`);
    expect(detail.status()).toBe(200);
    expect((await detail.json()).events).toHaveLength(2);

    const missing = await page.request.get('/api/sandbox/contacts/no-such-contact');
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    expect((await page.request.get('/api/sandbox/contacts?limit=0')).status()).toBe(422);

    await page.goto('/sandbox-contacts/no-such-contact');
    await expect(page.getByRole('heading', { name: 'This sandbox contact does not exist' })).toBeVisible();
  });
});
