// Issue 13, items 1–2: stopping retries, resends that replace their original, unclear answers as a
// decision, and Needs attention showing at once what will not fix itself.
import type { APIRequestContext, Page } from '@playwright/test';

import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { SANDBOX_URL, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { sandboxCredentials } from './support/secrets';
import { UNKNOWN_HOST } from './support/unknown-host';

const token = runToken('stop');
let sandboxId: number;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  await api.dispose();
});

/** axe and a screenshot at desktop width, then the same at a phone's 390 px, then back to desktop. */
async function checkBothWidths(page: Page, name: string, note: string) {
  await expectAccessible(page, note);
  await snap(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${note}, phone`);
  await snap(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** An integration whose endpoint never resolves (e2e/support/unknown-host.ts): every send fails on DNS. */
async function unknownHostIntegration(request: APIRequestContext, name: string): Promise<number> {
  const created = await request.post('/api/integrations', {
    data: {
      name,
      endpoint: `https://${UNKNOWN_HOST}`,
      clientId: `client-${name.replace(/\W/g, '').toLowerCase()}`,
      apiKey: 'key-12345678',
      apiSecret: 'secret-12345678',
      owner: 'owner@example.com',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: number }).id;
}

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
  // Decided one by one: sending them all again is offered, but not as the main action.
  await expect(group.getByRole('button', { name: /^Send all \d+ again$/ })).toBeVisible();
  await checkBothWidths(page, 'attention-decisions', 'with decisions waiting');

  await group.getByRole('button', { name: `Mark delivery #${first.id} as delivered` }).click();
  await expect(group.getByRole('button', { name: `Mark delivery #${first.id} as delivered` })).toHaveCount(0);
  const marked = await (await page.request.get(`/api/deliveries/${first.id}`)).json();
  expect(marked).toMatchObject({ status: 'succeeded', reason: { code: 'marked-delivered' } });

  // "Send again" from the delivery page: a new attempt, which times out again and waits again.
  await page.goto(`/deliveries/${second.id}`);
  await expect(page.getByRole('button', { name: 'Mark as delivered' })).toBeVisible();
  await checkBothWidths(page, 'delivery-awaiting-decision', 'on a delivery awaiting a decision');
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
  await checkBothWidths(page, 'delivery-stop-dialog', 'with the stop dialog open');
  await dialog.getByRole('button', { name: 'Stop retrying' }).click();
  await expect(page.getByRole('heading', { name: 'Retrying was stopped' })).toBeVisible();
  await expect(page.getByText('Shop closed for the day')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop retrying…' })).toHaveCount(0);
  await checkBothWidths(page, 'delivery-cancelled', 'on a cancelled delivery');

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
  await checkBothWidths(page, 'delivery-replaced', 'on a replaced delivery');
});

test('a delivery to an unknown host appears in Needs attention on its first failure', async ({ page }) => {
  const integrationId = await unknownHostIntegration(page.request, `Nowhere ${token}`);
  const sent = await sendEvent(page.request, integrationId, {
    type: 'VISIT',
    email: `dns-${token}@example.com`,
  });
  expect(sent).toMatchObject({ status: 'retrying', attemptCount: 1, reason: { code: 'dns' } });
  await page.goto('/attention');
  const group = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: sent.reason!.title }) });
  await expect(group).toContainText('still retrying · next attempt');
  await checkBothWidths(page, 'attention-unknown-host', 'with a retrying group');
});

test('"Stop retrying" from a history filter ends what the filter matches, and nothing else', async ({
  page,
}) => {
  const contact = `bulk-${token}@example.com`;
  const nowhere = await unknownHostIntegration(page.request, `Bulk nowhere ${token}`);
  // Two retrying deliveries the filter matches, one delivered one it matches too (not stoppable), and a
  // retrying one it does not match. DNS failures retry 10 s later at the earliest and fail at once, so
  // none of them is being sent while the job runs.
  const matched = [
    await sendEvent(page.request, nowhere, { type: 'VISIT', email: contact }),
    await sendEvent(page.request, nowhere, { type: 'CART', email: contact, products: 'SKU-1' }),
  ];
  const delivered = await sendEvent(page.request, sandboxId, { type: 'VISIT', email: contact });
  const outsider = await sendEvent(page.request, nowhere, {
    type: 'VISIT',
    email: `other-${token}@example.com`,
  });
  expect(matched.map((m) => m.status)).toEqual(['retrying', 'retrying']);
  expect([delivered.status, outsider.status]).toEqual(['succeeded', 'retrying']);

  await page.goto('/deliveries');
  await page.getByRole('searchbox', { name: 'Search' }).fill(contact);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(4); // the header and three matches

  await page.getByRole('button', { name: 'Stop retrying…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop retrying' });
  // The preview counts only what can still be stopped: not the delivered one, not the outsider.
  await expect(dialog).toContainText(
    '2 waiting or retrying deliveries match the filters, including those not on screen.',
  );
  await dialog.getByLabel('Why').fill('Wrong endpoint, fixing it');
  await checkBothWidths(page, 'history-bulk-stop-dialog', 'with the bulk stop dialog open');

  await dialog.getByRole('button', { name: 'Stop 2 deliveries' }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Stopping' })).toBeVisible();
  await expect(dialog).toContainText('2 of 2 · Done');
  await expect(dialog).toContainText('2 deliveries stopped.');
  await checkBothWidths(page, 'history-bulk-stop-done', 'with the bulk stop done');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The table refreshes on its own once the job ends.
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: 'Cancelled' })).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Succeeded' })).toHaveCount(1);
  for (const m of matched) {
    const after = await (await page.request.get(`/api/deliveries/${m.id}`)).json();
    expect(after).toMatchObject({ status: 'cancelled', reason: { code: 'stopped' } });
    expect(JSON.stringify(after)).toContain('Wrong endpoint, fixing it');
  }
  const untouched = await Promise.all(
    [delivered, outsider].map(
      async (x) => (await (await page.request.get(`/api/deliveries/${x.id}`)).json()).status,
    ),
  );
  expect(untouched).toEqual(['succeeded', 'retrying']);
});

test('"Retry automatically" for value types: a timeout PURCHASE keeps retrying, and the change is audited', async ({
  page,
}) => {
  // An integration of its own on the sandbox, so the shared Sandbox integration keeps its defaults.
  const name = `Auto retry ${token}`;
  const created = await page.request.post('/api/integrations', {
    data: {
      name,
      endpoint: SANDBOX_URL,
      owner: 'owner@sandbox.example.com',
      ...(await sandboxCredentials()),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: number }).id;

  await page.goto(`/integrations/${id}`);
  const card = page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'When SALESmanago gives no clear answer' }) })
    .last();
  const valueTypes = card.getByRole('group', { name: /Orders, payments/ });
  await expect(valueTypes.getByRole('radio', { name: 'Ask me (wait in Needs attention)' })).toBeChecked();
  await valueTypes.getByRole('radio', { name: 'Retry automatically' }).check();
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await checkBothWidths(page, 'integration-unclear-answers', 'on the unclear answers setting');
  const saved = await (await page.request.get(`/api/integrations/${id}`)).json();
  expect(saved.unknownOutcome).toEqual({ valueTypes: 'retry', otherTypes: 'retry' });

  const purchase = await sendEvent(page.request, id, {
    type: 'PURCHASE',
    email: 'sandbox+timeout@example.com',
    externalId: `${token}-auto`,
    value: 30,
  });
  expect(purchase).toMatchObject({
    status: 'retrying',
    possibleDuplicate: true,
    reason: { code: 'timeout' },
  });
  await page.goto('/attention');
  await expect(page.getByRole('button', { name: `Mark delivery #${purchase.id} as delivered` })).toHaveCount(
    0,
  );

  await page.goto('/audit');
  await expect(page.getByRole('table', { name: 'Audit log' })).toContainText(
    `Unclear answers on “${name}”: orders and other value types — retry automatically; other types — retry automatically.`,
  );
});

test('the sandbox says what the timeout contact does on each path', async ({ page }) => {
  await page.goto('/sandbox-contacts');
  const timeout = page.getByRole('listitem').filter({ hasText: 'sandbox+timeout@example.com' });
  await expect(timeout).toContainText('waits in Needs attention as "may already be in SALESmanago"');
  await expect(timeout).toContainText('a VISIT or any other type is retried later');
  await expect(timeout).toContainText('When SALESmanago gives no clear answer');
  await checkBothWidths(page, 'sandbox-magic-contacts', 'on the magic contacts');
});
