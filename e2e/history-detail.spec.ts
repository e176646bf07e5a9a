import type { DeliveryDetail } from '@/lib/data/deliveries';
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { SANDBOX_URL, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { showTechnicalDetails } from './support/technical';
import {
  findLeaks,
  forbiddenStrings,
  sandboxCredentials,
  TEST_API_KEY,
  TEST_API_SECRET,
} from './support/secrets';

const token = runToken('perma');
let sandboxId: number;
let ok: DeliveryDetail;
let serverError: DeliveryDetail;
let refused: DeliveryDetail;
let wrongShopId: number;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  ok = await sendEvent(api, sandboxId, {
    type: 'PURCHASE',
    email: `dana-${token}@example.com`,
    value: 249.99,
    products: 'SKU-1001,SKU-2040',
    externalId: `${token}-1`,
    description: 'Order #10045',
    location: 'sm_example_shop',
    shopDomain: 'shop.example.com',
    detail1: 'Linen shirt,Canvas tote',
    detail9: 'EUR',
  });
  serverError = await sendEvent(api, sandboxId, {
    type: 'PURCHASE',
    email: 'sandbox+500@example.com',
    externalId: `${token}-500`,
  });
  // An integration whose API secret is wrong: the sandbox refuses every request, a final failure.
  const created = await api.post('/api/integrations', {
    data: {
      name: `Wrong secret ${token}`,
      endpoint: SANDBOX_URL,
      clientId: (await sandboxCredentials()).clientId,
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  wrongShopId = (await created.json()).id;
  refused = await sendEvent(api, wrongShopId, { type: 'CART', email: `erin-${token}@example.com` });
  await api.dispose();
});

test('a refused delivery explains itself, with request and response side by side', async ({ page }) => {
  expect(refused.status).toBe('failed');
  await page.goto(`/deliveries/${refused.id}`);
  await expect(page.getByRole('heading', { name: `Delivery #${refused.id}`, level: 1 })).toBeVisible();
  await showTechnicalDetails(page);
  const outcome = page.getByRole('region', { name: 'SALESmanago rejected the credentials' });
  await expect(outcome).toContainText('Failed');
  await expect(outcome).toContainText('Most often the API secret or API key does not match');
  await expect(outcome).toContainText('What to do');
  await expect(outcome).toContainText('Re-enter the API secret and API key');
  await expect(outcome).toContainText('SALESmanago said');
  await expect(outcome).toContainText('Not authenticated');

  const request = page.getByRole('region', { name: 'Request of attempt 1' });
  const response = page.getByRole('region', { name: 'Response of attempt 1' });
  await expect(request).toContainText('"apiKey": "•••• (redacted)"');
  await expect(request).toContainText('"sha": "•••• (redacted)"');
  await expect(request).toContainText('/sandbox/api/v2/contact/addContactExtEvent');
  await expect(response).toContainText('"success": false');
  await expect(response).toContainText('HTTP 200');
  const [req, res] = [await request.boundingBox(), await response.boundingBox()];
  expect(res!.x, 'the response is beside the request').toBeGreaterThan(req!.x + req!.width - 1);
  expect(Math.abs(res!.y - req!.y)).toBeLessThan(2);

  // The event's fields, with the type's name.
  await expect(page.getByText('CART · Cart')).toBeVisible();
  await expect(page.getByText(`erin-${token}@example.com`).first()).toBeVisible();
  await expectAccessible(page, 'on a failed delivery');
  await snap(page, 'delivery-failed');

  await page.setViewportSize({ width: 390, height: 844 });
  const [reqPhone, resPhone] = [await request.boundingBox(), await response.boundingBox()];
  expect(resPhone!.y, 'on a phone the response comes below the request').toBeGreaterThan(reqPhone!.y);
  await expectAccessible(page, 'on a failed delivery, phone');
  await snap(page, 'delivery-failed-mobile');
});

test('a retrying delivery says when the next attempt comes', async ({ page }) => {
  await page.goto(`/deliveries/${serverError.id}`);
  await showTechnicalDetails(page);
  const outcome = page.getByRole('region', { name: 'SALESmanago had a server error' });
  await expect(outcome).toContainText('Retrying');
  await expect(outcome).toContainText('Next attempt');
  await expect(outcome).toContainText('the console retries by itself');
  await expect(page.getByRole('region', { name: 'Response of attempt 1' })).toContainText(
    'Internal Server Error',
  );
  await expectAccessible(page, 'on a retrying delivery');
  await snap(page, 'delivery-retrying');
});

test('a resend is a new delivery linked to the original, which stays untouched', async ({ page }) => {
  const before = await (await page.request.get(`/api/deliveries/${ok.id}`)).json();
  await page.goto(`/deliveries/${ok.id}`);
  const outcome = page.getByRole('region', { name: 'SALESmanago accepted the event' });
  await expect(outcome).toContainText(ok.smEventId!);
  await expect(page.getByRole('link', { name: 'Edit and resend' })).toHaveAttribute(
    'href',
    `/send?from=${ok.id}&integrationId=${sandboxId}`,
  );
  await expectAccessible(page, 'on a succeeded delivery');
  await snap(page, 'delivery-succeeded');

  await page.getByRole('button', { name: 'Resend…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send this event again?' });
  await expect(dialog).toContainText('SALESmanago will receive this PURCHASE event');
  await expect(dialog).toContainText(`linked to #${ok.id}`);
  await expectAccessible(page, 'with the resend dialog open');
  await snap(page, 'delivery-resend-dialog');
  await dialog.getByRole('button', { name: 'Resend event' }).click();

  await expect(page).not.toHaveURL(new RegExp(`/deliveries/${ok.id}$`));
  await expect(page).toHaveURL(/\/deliveries\/\d+$/);
  const newId = Number(page.url().split('/').pop());
  await expect(page.getByText(`Sent again as delivery #${newId}.`)).toBeVisible();
  await expect(page.getByRole('heading', { name: `Delivery #${newId}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: `Delivery #${ok.id}` })).toBeVisible();
  await expect(page.getByText('Sent again from the history.')).toBeVisible();

  const after = await (await page.request.get(`/api/deliveries/${ok.id}`)).json();
  // The delivery itself is untouched; what is said about its resends (resends, chain) grows by one.
  expect({ ...after, resends: [], chain: [] }).toEqual({ ...before, resends: [], chain: [] });
  expect(after.resends).toEqual([expect.objectContaining({ id: newId, source: 'resend' })]);
  expect(after.chain.map((link: { id: number }) => link.id)).toEqual([ok.id, newId]);
  const copy = await (await page.request.get(`/api/deliveries/${newId}`)).json();
  expect(copy).toMatchObject({ resendOf: ok.id, event: ok.event, status: 'succeeded' });

  await page.getByRole('link', { name: `Delivery #${ok.id}` }).click();
  await expect(page.getByRole('link', { name: `Delivery #${newId}` })).toBeVisible();
});

test('copy as cURL puts a command without secrets on the clipboard, never on the page', async ({ page }) => {
  await page.goto(`/deliveries/${ok.id}`);
  await showTechnicalDetails(page);
  // Admins may ask for the secrets, after a warning; the box is off by default.
  const box = page.getByRole('checkbox', { name: 'Include the API key and sha' });
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(page.getByText('The command will contain secrets.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy as cURL with secrets' })).toBeVisible();
  await expectAccessible(page, 'with the secrets warning');
  await box.uncheck();

  await page.getByRole('button', { name: 'Copy as cURL', exact: true }).click();
  await expect(page.getByText('cURL command copied.').first()).toBeVisible();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toContain('curl -sS -X POST');
  expect(clip).toContain('/sandbox/api/v2/contact/addContactExtEvent');
  expect(clip).toContain('$SM_API_KEY');
  expect(clip).toContain(`dana-${token}@example.com`);
  expect(clip).not.toContain((await sandboxCredentials()).apiKey);
  expect(findLeaks(clip, await forbiddenStrings())).toEqual([]);
  await expect(page.getByText('curl -sS')).toHaveCount(0);
});

test.describe('a marketer', () => {
  test.use({ storageState: storageStatePath('marketer') });

  test('resends and copies cURL, but cannot include secrets', async ({ page }) => {
    await page.goto(`/deliveries/${ok.id}`);
    await showTechnicalDetails(page);
    await expect(page.getByRole('button', { name: 'Resend…' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy as cURL' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Include the API key and sha' })).toHaveCount(0);
  });
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStatePath('viewer') });

  test('reads a delivery but cannot send it again', async ({ page }) => {
    await page.goto(`/deliveries/${refused.id}`);
    await showTechnicalDetails(page);
    await expect(page.getByRole('region', { name: 'Request of attempt 1' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Response of attempt 1' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Resend/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Edit and resend' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Copy as cURL/ })).toHaveCount(0);
    await expectAccessible(page, 'as a viewer');

    const res = await page.request.post(`/api/deliveries/${refused.id}/resend`);
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    const detail = await (await page.request.get(`/api/deliveries/${refused.id}`)).json();
    expect(detail.resends).toEqual([]);
  });
});

test('no delivery page or JSON holds the API key, API secret or sha', async ({ page }) => {
  for (const d of [ok, serverError, refused]) {
    for (const path of [`/api/deliveries/${d.id}`, `/deliveries/${d.id}`]) {
      const text = await (await page.request.get(path)).text();
      expect(text, path).toContain(d.contact);
      expect(findLeaks(text, await forbiddenStrings()), path).toEqual([]);
    }
  }
  const list = await (await page.request.get(`/api/deliveries?q=${token}`)).text();
  expect(JSON.parse(list).items.length).toBeGreaterThanOrEqual(2);
  expect(findLeaks(list, await forbiddenStrings())).toEqual([]);
});

test('after its integration is deleted, a delivery stays readable and says why it cannot be resent', async ({
  page,
}) => {
  const del = await page.request.delete(`/api/integrations/${wrongShopId}`);
  expect(del.ok()).toBe(true);
  await page.goto(`/deliveries/${refused.id}`);
  await showTechnicalDetails(page);
  const note = page.getByText(`The integration “Wrong secret ${token}” was deleted`);
  await expect(note).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resend…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Edit and resend' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Copy as cURL' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Resend…' })).toHaveAccessibleDescription(/was deleted/);
  await expect(page.getByText(`Wrong secret ${token} (deleted)`)).toBeVisible();
  await expectAccessible(page, 'with the integration deleted');

  const res = await page.request.post(`/api/deliveries/${refused.id}/resend`);
  expect(res.status()).toBe(422);
  expect((await res.json()).error.message).toContain('deleted');
});

test('an unknown delivery is a 404 page and a 404 in the API', async ({ page }) => {
  for (const id of ['999999999', 'abc']) {
    // The dashboard streams behind its loading screen, so the page answers 200 with Next's noindex
    // marker and the not-found screen; the API answers a real 404.
    await page.goto(`/deliveries/${id}`);
    await expect(page.getByRole('heading', { name: 'This delivery does not exist' })).toBeVisible();
  }
  await expectAccessible(page, 'on the 404 page');
  const api = await page.request.get('/api/deliveries/999999999');
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe('not_found');
});
