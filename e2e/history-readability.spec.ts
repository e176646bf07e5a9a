import { sandboxIntegrationId } from './support/api';
import { SANDBOX_URL } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { sandboxCredentials } from './support/secrets';

test('the history shows whole emails, the value with its currency, and the email for a known contact ID', async ({
  page,
}) => {
  const id = await sandboxIntegrationId(page.request);
  const token = Date.now().toString(36);
  const email = `a-rather-long-contact-address-${token}@example-shop.example.com`;
  const post = (data: Record<string, unknown>) =>
    page.request.post(`/api/integrations/${id}/events`, { data });
  expect(
    (
      await post({ type: 'PURCHASE', email, value: 249.99, detail9: 'PLN', externalId: `R-${token}` })
    ).status(),
  ).toBe(201);
  // The sandbox now knows this contact: a website-style event naming only its contact ID.
  const { items } = await (await page.request.get('/api/sandbox/contacts?limit=100')).json();
  const contactId = (items as Array<{ id: string; email: string | null }>).find((c) => c.email === email)!.id;
  expect((await post({ type: 'VISIT', contactId })).status()).toBe(201);

  await page.goto(`/deliveries?integrationId=${id}`);
  const table = page.getByRole('table', { name: 'Deliveries, newest first' });
  const visit = table.getByRole('row').filter({ hasText: contactId });
  await expect(visit).toContainText(email);
  await expect(visit).toContainText('Visit');
  const purchase = table.getByRole('row').filter({ hasText: '249.99 PLN' });
  const cell = purchase.getByRole('cell').filter({ hasText: email }).first();
  await expect(cell).toHaveText(email);
  // Whole, not cut: nothing of the email hides past the cell's edge.
  expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(purchase).toContainText('Purchase');
  await expectAccessible(page, 'on the history');
  await snap(page, 'history-readable');

  await page.setViewportSize({ width: 390, height: 844 });
  const cards = page.getByRole('list', { name: 'Deliveries, newest first' });
  await expect(cards.getByRole('listitem').filter({ hasText: contactId }).first()).toContainText(email);
  const overflowing = await cards.evaluate(
    (list) => [...list.querySelectorAll('li *')].filter((el) => el.scrollWidth > el.clientWidth + 1).length,
  );
  expect(overflowing, 'no text runs out of its card').toBe(0);
  await snap(page, 'history-readable-phone');
});

test("the value's currency comes from the slot the integration named Currency", async ({ page }) => {
  // An integration of its own on the sandbox, whose shop keeps the currency in detail5 ("Waluta").
  const sandbox = await sandboxCredentials();
  const created = await page.request.post('/api/integrations', {
    data: {
      name: `Sklep ${Date.now().toString(36)}`,
      endpoint: SANDBOX_URL,
      clientId: sandbox.clientId,
      apiKey: sandbox.apiKey,
      apiSecret: sandbox.apiSecret,
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const shopId = (await created.json()).id as number;
  const labels = await page.request.put(`/api/integrations/${shopId}/detail-labels`, {
    data: { detail5: 'Waluta' },
  });
  expect(labels.status()).toBe(200);
  const sent = await page.request.post(`/api/integrations/${shopId}/events`, {
    data: { type: 'PURCHASE', email: `waluta-${Date.now()}@example.com`, value: 77.5, detail5: 'EUR' },
  });
  expect(sent.status(), await sent.text()).toBe(201);

  await page.goto(`/deliveries?integrationId=${shopId}`);
  const table = page.getByRole('table', { name: 'Deliveries, newest first' });
  await expect(table.getByRole('row').filter({ hasText: 'Purchase' })).toContainText('77.5 EUR');
  await page.request.delete(`/api/integrations/${shopId}`);
});
