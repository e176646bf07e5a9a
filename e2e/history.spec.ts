import type { Page } from '@playwright/test';

import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { findLeaks, forbiddenStrings } from './support/secrets';

// Every delivery of this spec carries the token in its external ID, so a search for it isolates them
// from whatever other specs sent.
const token = runToken('hist');
let sandboxId: number;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  const sends: Array<[string, string, Record<string, unknown>]> = [
    ['PURCHASE', `anna-${token}@example.com`, { value: 249.99, products: 'SKU-1001,SKU-2040' }],
    ['PURCHASE', `bob-${token}@example.com`, { value: 19.5 }],
    ['CART', `anna-${token}@example.com`, { value: 89.5, products: 'SKU-3002' }],
    ['CART', `carl-${token}@example.com`, {}],
    // The magic contacts fail on purpose: HTTP 500, and a reply cut in half. Both are retried later.
    ['PURCHASE', 'sandbox+500@example.com', { value: 10 }],
    ['VISIT', 'sandbox+malformed@example.com', {}],
  ];
  let n = 0;
  for (const [type, email, extra] of sends) {
    await sendEvent(api, sandboxId, { type, email, externalId: `${token}-${++n}`, ...extra });
  }
  await api.dispose();
});

const rows = (page: Page) => page.getByRole('table').locator('tbody').getByRole('row');

async function toggle(page: Page, menu: string, option: string, on = true) {
  const button = page.getByRole('button', { name: new RegExp(`^${menu}`) });
  const box = page.getByRole('group', { name: menu }).getByRole('checkbox', { name: option, exact: true });
  // A click that lands before the page has hydrated does nothing: click until the menu is open.
  await expect(async () => {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await expect(box).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  if (on) await box.check();
  else await box.uncheck();
}

test('filters by search, type and status; the URL keeps them across a reload', async ({ page }) => {
  await page.goto('/deliveries');
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await expectAccessible(page, 'on /deliveries');
  await snap(page, 'history');

  await page.getByRole('searchbox', { name: 'Search' }).fill(token);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${token}`));
  await expect(rows(page)).toHaveCount(6);
  await expect(page.getByText('Showing 6 deliveries matching the filters, newest first.')).toBeVisible();

  await toggle(page, 'Type', 'PURCHASE');
  await expect(page).toHaveURL(/[?&]type=PURCHASE(&|$)/);
  await expect(rows(page)).toHaveCount(3);
  // The CSV download takes the filters on screen (a small result downloads at once, from the dialog).
  await page.getByRole('button', { name: 'Download…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Download deliveries' });
  const csvHref = await exportDialog.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  expect(csvHref).toBe(`/api/deliveries/export?type=PURCHASE&q=${token}`);
  const csv = await (await page.request.get(csvHref!)).text();
  expect(csv.trim().split('\n')).toHaveLength(1 + 3);
  await exportDialog.getByRole('button', { name: 'Cancel' }).click();
  await toggle(page, 'Type', 'CART');
  await expect(page).toHaveURL(/[?&]type=CART%2CPURCHASE(&|$)/);
  await expect(rows(page)).toHaveCount(5);
  await toggle(page, 'Type', 'CART', false);
  await expect(rows(page)).toHaveCount(3);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Type/ })).toHaveAttribute('aria-expanded', 'false');

  await toggle(page, 'Status', 'Retrying');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]status=retrying(&|$)/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('sandbox+500@example.com');
  await expect(rows(page).first().getByRole('cell').nth(4)).toHaveText(
    'Retrying SALESmanago had a server error',
  );
  await expect(rows(page).first()).toContainText('500');
  await expectAccessible(page, 'with filters');
  await snap(page, 'history-filtered');

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${token}`));
  await expect(page).toHaveURL(/[?&]type=PURCHASE(&|$)/);
  await expect(page).toHaveURL(/[?&]status=retrying(&|$)/);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(token);
  await expect(page.getByRole('button', { name: /^Type/ })).toContainText('PURCHASE');
  await expect(page.getByRole('button', { name: /^Status/ })).toContainText('Retrying');
  await expect(rows(page)).toHaveCount(1);

  // Rows open their permalink.
  await rows(page).first().click();
  await expect(page).toHaveURL(/\/deliveries\/\d+$/);
  await expect(page.getByRole('heading', { name: 'SALESmanago had a server error' })).toBeVisible();
  await page.goBack();
  await expect(rows(page)).toHaveCount(1);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  await expect(page.getByRole('button', { name: /^Type/ })).toContainText('All types');
});

test('a source filter and a date preset live in the URL too', async ({ page }) => {
  await page.goto(`/deliveries?q=${token}`);
  await toggle(page, 'Source', 'Send event');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]source=composer(&|$)/);
  await expect(rows(page)).toHaveCount(6);
  await page.getByLabel('Date', { exact: true }).selectOption({ label: 'Last hour' });
  await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
  await expect(rows(page)).toHaveCount(6);
  await toggle(page, 'Source', 'Website');
  await toggle(page, 'Source', 'Send event', false);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Nothing matches these filters' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue('1h');
  await expect(page.getByRole('heading', { name: 'Nothing matches these filters' })).toBeVisible();

  // A custom range, typed in the viewer's time zone: one that ended yesterday holds none of today's.
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/deliveries$/);
  await page.getByLabel('Date', { exact: true }).selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill('2020-01-01T00:00');
  await page.getByLabel('To', { exact: true }).fill('2020-01-02T00:00');
  await page.getByRole('button', { name: 'Apply range' }).click();
  // 2020-01-01 00:00 in Warsaw (UTC+1) is 2019-12-31 23:00 UTC.
  await expect(page).toHaveURL(/[?&]from=1577833200000&to=1577919659999(&|$)/);
  await expect(page.getByRole('heading', { name: 'Nothing matches these filters' })).toBeVisible();
  await expectAccessible(page, 'with a custom range and nothing found');
  await snap(page, 'history-empty');
});

test('a reason filter, as Needs attention links it, shows in the filter bar', async ({ page }) => {
  await page.goto(`/deliveries?q=${token}&reason=http-server-error`);
  await expect(page.getByRole('button', { name: /^Reason/ })).toContainText('SALESmanago had a server error');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('sandbox+500@example.com');
  await toggle(page, 'Reason', "SALESmanago's answer could not be read");
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]reason=http-server-error%2Cmalformed(&|$)/);
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
});

test('pages through older deliveries with a cursor in the URL', async ({ page }) => {
  await page.goto(`/deliveries?q=${token}&limit=2`);
  // Each row's delivery link (a row also links its contact's timeline).
  const hrefs = async () =>
    rows(page)
      .getByRole('link')
      .evaluateAll((as) =>
        as.map((a) => a.getAttribute('href')).filter((h) => h?.startsWith('/deliveries/')),
      );
  await expect(rows(page)).toHaveCount(2);
  const first = await hrefs();
  await expect(page.getByRole('link', { name: 'Back to newest' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Older deliveries' }).click();
  await expect(page).toHaveURL(/[?&]cursor=\d+/);
  await expect(page).toHaveURL(/[?&]limit=2/);
  await expect.poll(hrefs).not.toEqual(first);
  const second = await hrefs();
  expect(second).toHaveLength(2);
  expect(second.filter((h) => first.includes(h))).toEqual([]);

  // The page is a bookmark: reloading shows the same window.
  await page.reload();
  await expect.poll(hrefs).toEqual(second);

  await page.getByRole('link', { name: 'Older deliveries' }).click();
  await expect.poll(hrefs).not.toEqual(second);
  await expect(rows(page)).toHaveCount(2);
  // Six deliveries in pages of two: the third page is the last.
  await expect(page.getByRole('link', { name: 'Older deliveries' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Back to newest' }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect.poll(hrefs).toEqual(first);
});

test('search finds part of an email, an order number or a SKU, with a filter', async ({
  page,
  playwright,
}) => {
  const t = runToken('find');
  const api = await apiAs(playwright, 'admin');
  const email = `zoe.${t}@example.com`;
  await sendEvent(api, sandboxId, {
    type: 'PURCHASE',
    email,
    externalId: `ORD-${t}`,
    products: `SKU-${t}-XL`,
    value: 12,
  });
  await sendEvent(api, sandboxId, { type: 'CART', email, products: `SKU-${t}-XL` });
  await api.dispose();

  await page.goto('/deliveries');
  const box = page.getByRole('searchbox', { name: 'Search' });
  // Text typed before the page has hydrated is reset by React: type again until the search has run.
  await expect(async () => {
    await box.fill(`oe.${t}@exa`); // the middle of the email
    await expect(rows(page)).toHaveCount(2, { timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await toggle(page, 'Type', 'PURCHASE');
  await expect(rows(page)).toHaveCount(1);
  await box.fill(`d-${t}`.toUpperCase()); // part of the order number, in another case
  await expect(page).toHaveURL(new RegExp(`[?&]q=D-${t.toUpperCase()}`));
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(email);
  await toggle(page, 'Type', 'PURCHASE', false);
  await expect(page).not.toHaveURL(/[?&]type=/);
  await box.fill(`${t}-X`); // part of the SKU
  await expect(rows(page)).toHaveCount(2);

  // Two characters are not searched: the box says why, and the list stays as it was.
  await box.fill('ab');
  await expect(page.getByText('Type at least 3 characters to search.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${t}-X`));
  await expect(rows(page)).toHaveCount(2);
  await expectAccessible(page, 'on /deliveries with a short search term');
  await snap(page, 'history-search-short-term');
  const res = await page.request.get('/api/deliveries?q=ab');
  expect(res.status()).toBe(422);
  expect((await res.json()).error.message).toBe('Type at least 3 characters to search.');
});

test('invalid filters get a friendly page and a 422 from the API', async ({ page }) => {
  for (const query of ['type=NOPE', 'limit=0', 'from=garbage', 'status=done', 'cursor=-1']) {
    const res = await page.request.get(`/api/deliveries?${query}`);
    expect(res.status(), query).toBe(422);
    const body = await res.json();
    expect(body.error.code, query).toBe('validation_failed');
    expect(body.error.message.length, query).toBeGreaterThan(5);
    expect(Object.keys(body.error.fieldErrors).length, query).toBeGreaterThan(0);
  }

  await page.goto('/deliveries?type=NOPE');
  await expect(page.getByText('These filters cannot be used.')).toBeVisible();
  await expect(page.getByText('Unknown event type "NOPE".')).toBeVisible();
  await expectAccessible(page, 'with invalid filters');
  await snap(page, 'history-invalid-filters');
  await page.getByRole('link', { name: 'Reset filters' }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
});

test('the list reads well on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/deliveries?q=${token}`);
  const cards = page.getByRole('list', { name: 'Deliveries, newest first' }).getByRole('listitem');
  await expect(cards).toHaveCount(6);
  await expect(cards.filter({ hasText: 'sandbox+500@example.com' })).toContainText('Retrying');
  await expectAccessible(page, 'on a phone');
  await snap(page, 'history-mobile');
});

test('the history API holds no credentials', async ({ request }) => {
  const res = await request.get(`/api/deliveries?q=${token}`);
  const text = await res.text();
  expect(JSON.parse(text).items).toHaveLength(6);
  expect(findLeaks(text, await forbiddenStrings())).toEqual([]);
});

// Last: it adds a delivery the other tests do not expect.
test('new deliveries appear without a reload', async ({ page, request }) => {
  await page.goto(`/deliveries?q=${token}`);
  await expect(rows(page)).toHaveCount(6);
  await sendEvent(request, sandboxId, {
    type: 'LOGIN',
    email: `dora-${token}@example.com`,
    externalId: `${token}-live`,
  });
  await expect(rows(page)).toHaveCount(7, { timeout: 5_000 });
  await expect(rows(page).first()).toContainText(`dora-${token}@example.com`);
});
