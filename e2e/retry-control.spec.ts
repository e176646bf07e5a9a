// Issue 13, items 1–2: stopping retries, resends that replace their original, unclear answers as a
// decision, and Needs attention showing at once what will not fix itself.
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';

const token = runToken('stop');
let sandboxId: number;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  await api.dispose();
});

test('a timeout PURCHASE waits as "may already be in SALESmanago" and is resolved both ways', async ({
  page,
}) => {
  const first = await sendEvent(page.request, sandboxId, {
    type: 'PURCHASE',
    email: 'sandbox+timeout@example.com',
    externalId: `${token}-p1`,
    value: 10,
  });
  const second = await sendEvent(page.request, sandboxId, {
    type: 'PURCHASE',
    email: 'sandbox+timeout@example.com',
    externalId: `${token}-p2`,
    value: 20,
  });
  expect(first).toMatchObject({ status: 'failed', possibleDuplicate: true });
  expect(first.reason?.code).toBe('maybe-stored');

  await page.goto('/attention');
  const group = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'May already be in SALESmanago' }) });
  await expect(group).toBeVisible();
  await expectAccessible(page, 'with decisions waiting');
  await snap(page, 'attention-decisions');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'attention-decisions-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await group.getByRole('button', { name: `Mark delivery #${first.id} as delivered` }).click();
  await expect(group.getByRole('button', { name: `Mark delivery #${first.id} as delivered` })).toHaveCount(0);
  const marked = await (await page.request.get(`/api/deliveries/${first.id}`)).json();
  expect(marked).toMatchObject({ status: 'succeeded', reason: { code: 'marked-delivered' } });

  // "Send again" from the delivery page: a new attempt, which times out again and waits again.
  await page.goto(`/deliveries/${second.id}`);
  await expect(page.getByRole('button', { name: 'Mark as delivered' })).toBeVisible();
  await expectAccessible(page, 'on a delivery awaiting a decision');
  await snap(page, 'delivery-awaiting-decision');
  await page.getByRole('button', { name: 'Send again' }).click();
  await expect
    .poll(async () => (await (await page.request.get(`/api/deliveries/${second.id}`)).json()).attemptCount, {
      timeout: 20_000,
    })
    .toBe(2);
});

test('a timeout VISIT keeps retrying, flagged as possibly duplicated', async ({ page }) => {
  const visit = await sendEvent(page.request, sandboxId, {
    type: 'VISIT',
    email: 'sandbox+timeout@example.com',
  });
  expect(visit).toMatchObject({ status: 'retrying', possibleDuplicate: true });
  expect(visit.reason?.code).toBe('timeout');
});

test('"Stop retrying" ends a 429 delivery as cancelled, with who and why', async ({ page }) => {
  const limited = await sendEvent(page.request, sandboxId, {
    type: 'CART',
    email: 'sandbox+ratelimit@example.com',
    externalId: `${token}-429`,
  });
  expect(limited.status).toBe('retrying');
  await page.goto(`/deliveries/${limited.id}`);
  await page.getByRole('button', { name: 'Stop retrying…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop retrying this delivery?' });
  await dialog.getByLabel('Why').fill('Shop closed for the day');
  await expectAccessible(page, 'with the stop dialog open');
  await snap(page, 'delivery-stop-dialog');
  await dialog.getByRole('button', { name: 'Stop retrying' }).click();
  await expect(page.getByRole('heading', { name: 'Retrying was stopped' })).toBeVisible();
  await expect(page.getByText('Shop closed for the day')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop retrying…' })).toHaveCount(0);
  await expectAccessible(page, 'on a cancelled delivery');
  await snap(page, 'delivery-cancelled');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'delivery-cancelled-phone');

  // The JSON API: cancelled in the filter, 409 on a second stop, viewer refused, cross-site refused.
  const list = await (await page.request.get(`/api/deliveries?status=cancelled`)).json();
  expect(list.items.map((d: { id: number }) => d.id)).toContain(limited.id);
  expect((await page.request.post(`/api/deliveries/${limited.id}/cancel`)).status()).toBe(409);
  expect((await page.request.post(`/api/deliveries/999999999/cancel`)).status()).toBe(404);
  const bad = await page.request.post(`/api/deliveries/${limited.id}/cancel`, { data: { constructor: 'x' } });
  expect(bad.status()).toBe(422);
  const crossSite = await page.request.post(`/api/deliveries/${limited.id}/cancel`, {
    headers: { origin: 'https://evil.example' },
  });
  expect(crossSite.status()).toBe(403);
});

test.describe('as a viewer', () => {
  test.use({ storageState: storageStatePath('viewer') });
  test('cannot stop retrying', async ({ page }) => {
    const res = await page.request.post('/api/deliveries/1/cancel');
    expect(res.status()).toBe(403);
  });
});

test('an edit-and-resend that succeeds stops the original', async ({ page }) => {
  const original = await sendEvent(page.request, sandboxId, {
    type: 'CART',
    email: 'sandbox+ratelimit@example.com',
    externalId: `${token}-orig`,
  });
  expect(original.status).toBe('retrying');
  // What the composer sends for "Edit and resend": the edited event, linked to the original.
  const res = await page.request.post(`/api/integrations/${sandboxId}/events?resendOf=${original.id}`, {
    data: { type: 'CART', email: `fixed-${token}@example.com` },
  });
  const resend = await res.json();
  expect(resend.status).toBe('succeeded');
  await page.goto(`/deliveries/${original.id}`);
  await expect(page.getByRole('heading', { name: 'Replaced by a resend that succeeded' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Delivery #${resend.id}` }).first()).toBeVisible();
  const chain = page.getByRole('list', { name: 'Resend chain' });
  await expect(chain.getByRole('listitem')).toHaveCount(2);
  await expect(chain.getByRole('listitem').nth(1)).toContainText('Delivered');
  await expectAccessible(page, 'on a replaced delivery');
  await snap(page, 'delivery-replaced');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'delivery-replaced-phone');
});

test('a delivery to an unknown host appears in Needs attention on its first failure', async ({ page }) => {
  const created = await page.request.post('/api/integrations', {
    data: {
      name: `Nowhere ${token}`,
      endpoint: `https://nowhere-${token}.salesmanago.com`,
      clientId: 'client123',
      apiKey: 'key-12345678',
      apiSecret: 'secret-12345678',
      owner: 'owner@example.com',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const sent = await sendEvent(page.request, (await created.json()).id, {
    type: 'VISIT',
    email: `dns-${token}@example.com`,
  });
  expect(sent).toMatchObject({ status: 'retrying', attemptCount: 1 });
  await page.goto('/attention');
  const group = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: sent.reason!.title }) });
  await expect(group).toContainText('still retrying · next attempt');
  await expectAccessible(page, 'with a retrying group');
  await snap(page, 'attention-unknown-host');
});
