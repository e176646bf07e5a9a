// The overview at `/`: its numbers are the history's own counts and GET /api/overview's, backfilled
// orders count on the day they happened, a bar opens the deliveries it stands for, and the URL keeps
// the view. The spec's deliveries go to integrations of its own (e2e/overview-seed.ts), so what other
// specs send does not change its numbers.
import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { apiAs, runToken } from './history-helpers';
import { historyOf, seedOverview, settled, ZONE, type Seeded } from './overview-seed';
import { storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import type { OverviewResponse } from '@/lib/validations/overview';

const token = runToken('ovw');
let seeded: Seeded;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  const api = await apiAs(playwright, 'admin');
  seeded = await seedOverview(api, token);
  await settled(api, seeded.shopId);
  await api.dispose();
});

const health = (page: Page) => page.getByRole('region', { name: 'Delivery health' });
/** A health card's main number, found by its name. */
const cardValue = (page: Page, title: string) =>
  health(page)
    .locator('dl > div')
    .filter({ has: page.getByRole('term').getByText(title, { exact: true }) })
    .getByRole('definition')
    .first();
/** A card (a <section>) by its heading; the innermost, as the worth section holds cards of its own. */
const card = (page: Page, heading: string): Locator =>
  page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: heading, exact: true }) })
    .last();

async function overviewApi(request: APIRequestContext, query: string): Promise<OverviewResponse> {
  const res = await request.get(`/api/overview?${query}&tz=${encodeURIComponent(ZONE)}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as OverviewResponse;
}

/**
 * Scrolls each chart still waiting into view until none waits: charts load only when they come near the
 * screen, and a screenshot should show them.
 */
async function revealCharts(page: Page) {
  const waiting = page.locator('main .animate-pulse');
  await expect(async () => {
    const n = await waiting.count();
    if (n) await waiting.first().scrollIntoViewIfNeeded();
    expect(n).toBe(0);
  }).toPass({ timeout: 20_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

const percent = (share: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(share);
/** A day as the overview's tables name it ("Nov 17, 2026"), for an instant in the spec's zone. */
const dayName = (at: number) =>
  new Date(at).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: ZONE,
  });

test("the numbers are the history's own counts and GET /api/overview's", async ({ page }) => {
  const { shopId } = seeded;
  await page.goto(`/?period=30d&integrationId=${shopId}`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();

  // The history, read the way a person would count it.
  const items = await historyOf(page.request, shopId);
  const count = (...statuses: string[]) => items.filter((d) => statuses.includes(d.status)).length;
  const succeeded = count('succeeded');
  const failed = count('failed');
  const waiting = count('queued', 'sending', 'retrying');
  expect(items.length).toBe(14); // 7 sent by hand, 2 from the website, 3 imported, 2 magic contacts
  expect(failed).toBe(1);
  expect(waiting).toBe(1);

  await expect(cardValue(page, 'Events sent')).toHaveText(String(items.length));
  await expect(cardValue(page, 'Delivered')).toHaveText(percent(succeeded / (succeeded + failed)));
  await expect(cardValue(page, 'Failed, not resolved')).toHaveText(String(failed));
  await expect(cardValue(page, 'Waiting now')).toHaveText(String(waiting));

  // The same numbers as the API's, for the same query.
  const api = await overviewApi(page.request, `period=30d&integrationId=${shopId}`);
  expect(api.health.sent.value).toBe(items.length);
  expect(api.health.delivered).toMatchObject({ count: succeeded, settled: succeeded + failed });
  expect(api.health.unresolvedFailed.value).toBe(failed);
  expect(api.health.waiting.count).toBe(waiting);
  const eur = api.worth.currencies.find((c) => c.currency === 'EUR')!;
  const pln = api.worth.currencies.find((c) => c.currency === 'PLN')!;
  // Never summed across currencies: 100 + 50.50 + 5 (the order whose answer never came: the shop still
  // took it) + the imported 40 + 60 in euros; 200 + 300 in złoty.
  expect(eur).toMatchObject({ revenue: 255.5, orders: 5 });
  expect(pln).toMatchObject({ revenue: 500, orders: 2 });
  const eurCard = card(page, 'Revenue in EUR');
  await expect(eurCard.getByRole('definition').first()).toHaveText('€255.50');
  await expect(eurCard).toContainText('Orders5');
  await expect(eurCard).toContainText('Average order€51.10');
  await expect(card(page, 'Revenue in PLN').getByRole('definition').first()).toHaveText('PLN 500.00');
  await expect(card(page, 'Carts and purchases')).toContainText(
    `Carts${api.worth.cartsPerDay.reduce((n, d) => n + d.carts, 0)}`,
  );

  // Failures by reason: the order whose answer never came, with its fix and its history.
  const failures = card(page, 'Failures by reason');
  const reason = api.failures[0]!;
  expect(api.failures).toHaveLength(1);
  await expect(failures.getByRole('listitem')).toContainText(`${reason.count}${reason.title}`);
  await expect(failures.getByRole('listitem')).toContainText(reason.fix);
  const href = await failures.getByRole('link', { name: /See them in the history/ }).getAttribute('href');
  const linked = new URL(href!, 'http://x').searchParams;
  expect(Object.fromEntries(linked)).toMatchObject({
    integrationId: String(shopId),
    reason: reason.reason,
    status: 'failed',
    from: String(api.period.from),
  });

  // Website events: two accepted, two refused (a site not allowed, a type not allowed).
  expect(api.website).toMatchObject({ accepted: 2, refused: { origin: 1, type: 1 } });
  const website = card(page, 'Website events');
  await expect(website).toContainText('Accepted2');
  await expect(website).toContainText('Refused2');
  await expect(website.getByRole('list', { name: 'Refused requests by cause' })).toContainText(
    '1 website not allowed',
  );

  await revealCharts(page);
  await expectAccessible(page, 'on the busy overview');
  await snap(page, 'overview-busy');

  // On a phone the first screen is the health cards: no chart code loads until the reader scrolls.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(cardValue(page, 'Events sent')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.recharts-surface')).toHaveCount(0);
  await revealCharts(page);
  await expect(page.locator('.recharts-surface')).toHaveCount(5);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page, 'on the busy overview at 390 px');
  await snap(page, 'overview-busy-phone');
});

test('backfilled orders count on the day they happened; by send date, on the day they were sent', async ({
  page,
}) => {
  const { shopId, backfill } = seeded;
  const [twentyDaysAgo, twentyFourDaysAgo] = backfill;
  await page.goto(`/?period=30d&integrationId=${shopId}`);
  const eur = card(page, 'Revenue in EUR');
  await eur.getByRole('button', { name: 'View as table' }).click();
  const table = eur.getByRole('table', { name: 'Revenue in EUR per day' });
  await expect(table.getByRole('row', { name: new RegExp(dayName(twentyDaysAgo!.at)) })).toContainText(
    '€40.00',
  );
  await expect(table.getByRole('row', { name: new RegExp(dayName(twentyFourDaysAgo!.at)) })).toContainText(
    '€60.00',
  );
  await expect(table.getByRole('row', { name: new RegExp(dayName(Date.now())) })).toContainText('€155.50');
  const plnCard = card(page, 'Revenue in PLN');
  await plnCard.getByRole('button', { name: 'View as table' }).click();
  await expect(plnCard.getByRole('row', { name: new RegExp(dayName(twentyFourDaysAgo!.at)) })).toContainText(
    'PLN 300.00',
  );
  await expectAccessible(page, 'with the revenue as tables');

  // By send date the import is today's: nothing on the days the orders happened. The cards stay as
  // tables while their numbers change.
  await page.getByRole('radio', { name: 'Send date' }).click();
  await expect(page).toHaveURL(/basis=sent/);
  const sent = card(page, 'Revenue in EUR').getByRole('table');
  await expect(sent.getByRole('row', { name: new RegExp(dayName(Date.now())) })).toContainText('€255.50');
  await expect(sent.getByRole('row', { name: new RegExp(dayName(twentyDaysAgo!.at)) })).toContainText(
    '€0.00',
  );
  const api = await overviewApi(page.request, `period=30d&integrationId=${shopId}&basis=sent`);
  expect(api.worth.currencies.find((c) => c.currency === 'EUR')!.perDay.at(-1)!.revenue).toBe(255.5);
});

test('a bar opens the history of that day and that part', async ({ page }) => {
  const { shopId } = seeded;
  await page.goto(`/?integrationId=${shopId}`);
  const events = card(page, 'Events over time');
  await events.scrollIntoViewIfNeeded();
  const delivered = events.locator('.bar-delivered path.recharts-rectangle').last();
  await expect(delivered).toBeVisible();
  await delivered.click();
  await expect(page).toHaveURL(/\/deliveries\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('integrationId')).toBe(String(shopId));
  expect(url.searchParams.get('status')).toBe('succeeded');
  // The history's list for that URL holds exactly the bar's deliveries.
  const api = await overviewApi(page.request, `integrationId=${shopId}`);
  const today = api.timeline.at(-1)!;
  expect(Number(url.searchParams.get('from'))).toBe(today.start);
  const listed = await page.request.get(`/api/deliveries?${url.searchParams.toString()}&limit=200`);
  expect((await listed.json()).items).toHaveLength(today.byOutcome.delivered);
  await expect(
    page.getByText(`Showing ${today.byOutcome.delivered} deliveries matching the filters`),
  ).toBeVisible();

  // Split by type, a part of the bar is that type.
  await page.goBack();
  await page.getByRole('radio', { name: 'Type' }).click();
  await expect(page).toHaveURL(/stack=type/);
  await card(page, 'Events over time').locator('.bar-CART path.recharts-rectangle').last().click();
  await expect(page).toHaveURL(/\/deliveries\?.*type=CART/);
});

test('the period, the integration and the split survive a reload', async ({ page }) => {
  await page.goto('/');
  const period = page.getByRole('group', { name: 'Period' });
  await expect(period.getByRole('radio', { name: '7 days' })).toBeChecked();
  await period.getByRole('radio', { name: '30 days' }).click();
  await expect(page).toHaveURL(/\?period=30d$/);
  await page.getByLabel('Integration', { exact: true }).selectOption({ label: `Overview shop ${token}` });
  await expect(page).toHaveURL(`/?period=30d&integrationId=${seeded.shopId}`);
  await page.getByRole('radio', { name: 'Source' }).click();
  await expect(page).toHaveURL(/stack=source/);

  await page.reload();
  await expect(period.getByRole('radio', { name: '30 days' })).toBeChecked();
  await expect(page.getByLabel('Integration', { exact: true })).toHaveValue(String(seeded.shopId));
  await expect(
    page.getByRole('group', { name: 'Split the bars by' }).getByRole('radio', { name: 'Source' }),
  ).toBeChecked();

  // A custom period: whole days, both included; a start after the end is refused before anything loads.
  await period.getByRole('radio', { name: 'Custom' }).click();
  await page.getByLabel('First day').fill('2026-01-10');
  await page.getByLabel('Last day').fill('2026-01-03');
  await page.getByRole('button', { name: 'Show these days' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'first day' })).toHaveText(
    'The first day is after the last day: swap them.',
  );
  await page.getByLabel('Last day').fill('2026-01-31');
  await page.getByRole('button', { name: 'Show these days' }).click();
  await expect(page).toHaveURL(/period=custom&from=2026-01-10&to=2026-01-31/);
  await page.reload();
  await expect(page.getByLabel('First day')).toHaveValue('2026-01-10');
});

test('a viewer sees the overview', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath('viewer') });
  const page = await context.newPage();
  await page.goto(`/?period=30d&integrationId=${seeded.shopId}`);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }),
  ).toHaveAttribute('aria-current', 'page');
  const items = await historyOf(page.request, seeded.shopId);
  await expect(cardValue(page, 'Events sent')).toHaveText(String(items.length));
  await expect(card(page, 'Revenue in EUR')).toBeVisible();
  await expectAccessible(page, 'for a viewer');
  await context.close();
});

test('failures are named with their fix, at desktop and phone widths', async ({ page }) => {
  await page.goto(`/?integrationId=${seeded.brokenId}`);
  // The first refusal failed; it paused the integration, so the other two wait (overview-seed.ts).
  await expect(cardValue(page, 'Failed, not resolved')).toHaveText('1');
  await expect(cardValue(page, 'Waiting now')).toHaveText('2');
  await expect(cardValue(page, 'Delivered')).toHaveText('0%');
  const failures = card(page, 'Failures by reason');
  await expect(failures.getByRole('listitem')).toHaveCount(1);
  await expect(failures).toContainText('1 failed delivery in this period');
  await revealCharts(page);
  await expectAccessible(page, 'with failures');
  await snap(page, 'overview-failures');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(failures).toBeVisible();
  await revealCharts(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(page, 'overview-failures-phone');
});

test('settings the overview cannot show say what to change; the API answers 4xx in the house shape', async ({
  page,
}) => {
  const cases: Array<[string, RegExp, number, string]> = [
    ['period=custom&from=2025-01-01&to=2026-03-01', /at most 400 days: pick a shorter one/, 422, 'to'],
    ['period=custom&from=2026-03-02&to=2026-03-01', /The start of the period is after its end/, 422, 'from'],
    ['integrationId=999999', /There is no integration #999999/, 404, ''],
  ];
  for (const [query, message, status, field] of cases) {
    await page.goto(`/?${query}`);
    const alert = page.getByRole('alert').filter({ hasText: 'The overview cannot show these settings.' });
    await expect(alert).toContainText('The overview cannot show these settings.');
    await expect(alert).toContainText(message);
    const res = await page.request.get(`/api/overview?${query}`);
    expect(res.status(), query).toBe(status);
    const body = await res.json();
    expect(body.error.code, query).toBeTruthy();
    if (field) expect(Object.keys(body.error.fieldErrors ?? {}), query).toContain(field);
  }
  await expectAccessible(page, 'on an unknown integration');
  await page.getByRole('link', { name: 'Show all integrations' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(cardValue(page, 'Events sent')).toBeVisible();
});
