// A contact's timeline across integrations, erasure, and retention, driven as a marketer and an admin would.
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { consoleWrite } from './support/db';
import { SANDBOX_URL } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';
import { sandboxCredentials, TEST_API_KEY, TEST_API_SECRET } from './support/secrets';
import { showTechnicalDetails } from './support/technical';

const token = runToken('tl');
const email = `pat.${token}@example.com`;
let wrongShopName = '';
let oldDeliveryId = 0;

/** Ages a delivery as if sent `days` ago: stands in for the passing of time. */
const age = (id: number, days: number) =>
  consoleWrite('update deliveries set created_at = created_at - ? where id = ?', [days * 86_400_000, id]);

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  const sandboxId = await sandboxIntegrationId(api);
  await sendEvent(api, sandboxId, { type: 'PURCHASE', email, externalId: `${token}-1`, value: 10 });
  wrongShopName = `Second shop ${token}`;
  const created = await api.post('/api/integrations', {
    data: {
      name: wrongShopName,
      endpoint: SANDBOX_URL,
      clientId: (await sandboxCredentials()).clientId,
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  await sendEvent(api, (await created.json()).id, { type: 'CART', email });
  oldDeliveryId = (await sendEvent(api, sandboxId, { type: 'VISIT', email: `old.${token}@example.com` })).id;
  await api.dispose();
});

test('a contact search opens the timeline with events from two integrations', async ({ page }) => {
  await page.goto('/contacts');
  await expectAccessible(page, 'contacts');
  await page.getByLabel('Email or contact ID').fill(email);
  await page.getByRole('button', { name: 'Show timeline' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${encodeURIComponent(email)}$`));
  const list = page.getByRole('list', { name: 'Events for this contact, newest first' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText(`CART · through ${wrongShopName}`);
  await expect(list).toContainText('PURCHASE');
  await expect(list).toContainText('Sandbox');
  await expectAccessible(page, 'timeline');
  await snap(page, 'contact-timeline');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'contact-timeline-phone');

  await page.goto('/contacts/nobody%40example.com');
  await expect(page.getByRole('heading', { name: 'No event was sent for this contact' })).toBeVisible();
  await expectAccessible(page, 'empty timeline');
});

test('the delivery page links to the timeline', async ({ page }) => {
  await page.goto('/deliveries?q=' + encodeURIComponent(email));
  await page.getByRole('link', { name: email }).first().click();
  await expect(page).toHaveURL(/\/contacts\//);
  await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible();
});

test('a retention run removes old bodies and the delivery page says so; bad days are refused', async ({
  page,
  consoleErrors,
}) => {
  // The form's save of 0 days is refused on purpose (422 with the field error).
  consoleErrors.allow(failedLoad('/api/retention', 422));
  const before = await (await page.request.get('/api/retention')).json();
  for (const bad of [
    { bodiesDays: 0, deliveriesDays: 365 },
    { bodiesDays: 90, deliveriesDays: 3651 },
  ]) {
    const res = await page.request.put('/api/retention', { data: bad });
    expect(res.status()).toBe(422);
    expect((await res.json()).error.fieldErrors).toBeTruthy();
  }
  const forged = await page.request.put('/api/retention', {
    headers: { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site' },
    data: { bodiesDays: 1, deliveriesDays: 1 },
  });
  expect(forged.status()).toBe(403);
  const constructorKey = await page.request.put('/api/retention', {
    headers: { 'content-type': 'application/json' },
    data: '{"constructor":1}',
  });
  expect(constructorKey.status()).toBe(422);
  expect(await (await page.request.get('/api/retention')).json()).toEqual(before);

  await page.goto('/retention');
  const form = page.getByRole('form', { name: 'Console-wide retention' });
  await form.getByLabel('Keep deliveries (days)').fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('must be at least 1 day')).toBeVisible();
  await expectAccessible(page, 'retention with an error');
  await snap(page, 'retention-error');
  await form.getByLabel('Keep deliveries (days)').fill('365');

  await age(oldDeliveryId, 100);
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('progressbar', { name: 'Retention run' })).toBeVisible();
  await expect(page.getByText(/Retention removed the bodies of \d+ deliveries/)).toBeVisible();
  await expectAccessible(page, 'retention after a run');
  await snap(page, 'retention');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'retention-phone');

  await page.goto(`/deliveries/${oldDeliveryId}`);
  await expect(page.getByText(/were removed by retention on/)).toBeVisible();
  // Where the request and answer were, each attempt says why they are gone (with technical details on).
  await showTechnicalDetails(page);
  await expect(page.getByText('Removed by retention.').first()).toBeVisible();
  await expectAccessible(page, 'delivery with bodies removed');
  await snap(page, 'delivery-bodies-removed');
});

test('erasing a contact removes it, and the history no longer finds it', async ({ page }) => {
  await page.goto(`/contacts/${encodeURIComponent(email)}`);
  await page.getByRole('button', { name: 'Erase contact…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase this contact?' });
  await expect(dialog).toContainText('This removes 2 deliveries and');
  await expectAccessible(page, 'erasure confirmation');
  await snap(page, 'erase-confirm');
  await dialog.getByRole('button', { name: 'Erase for good' }).click();
  await expect(page.getByRole('heading', { name: 'The contact was erased' })).toBeVisible();
  await expectAccessible(page, 'erased');

  await page.goto('/deliveries?q=' + encodeURIComponent(email));
  await expect(page.getByRole('link', { name: email })).toHaveCount(0);
  const audit = await (await page.request.get('/api/audit?action=contact.erase')).json();
  expect(audit.items[0].summary).toMatch(/Erased a contact: 2 deliveries/);
  expect(JSON.stringify(audit)).not.toContain(email);
});
