// The console on a phone (390 px, an iPhone 12-15's CSS width): the navigation waits behind a Menu
// button, and no screen is wider than the phone.
import type { Page } from '@playwright/test';

import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { SANDBOX_URL } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

const token = runToken('phone');
const email = `${token}@example.com`;
let sandboxId = 0;
let deliveryId = 0;

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  deliveryId = (await sendEvent(api, sandboxId, { type: 'PURCHASE', email, externalId: token, value: 10 }))
    .id;
  // A wrong secret fails for good, so Needs attention has a count for the menu's badge.
  const { clientId } = (await (await api.get(`/api/integrations/${sandboxId}`)).json()) as {
    clientId: string;
  };
  const broken = await api.post('/api/integrations', {
    data: {
      name: `Phone shop ${token}`,
      endpoint: SANDBOX_URL,
      clientId,
      apiKey: 'key-for-phone-shop',
      apiSecret: 'wrong-secret-for-phone-shop',
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(broken.status(), await broken.text()).toBe(201);
  const failed = await api.post(`/api/integrations/${(await broken.json()).id}/events`, {
    data: { type: 'CART', email },
  });
  expect((await failed.json()).status).toBe('failed');
  await api.dispose();
});

const menuButton = (page: Page) => page.getByRole('button', { name: 'Menu', exact: true });
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test('the Menu button opens the navigation over the page and closes it again', async ({ page }) => {
  await page.goto('/integrations');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The page comes first: no menu item stands between the reader and the screen.
  await expect(mainNav(page)).toBeHidden();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  await expectAccessible(page, 'phone, menu closed');
  await snap(page, 'phone-menu-closed');

  await menuButton(page).click();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(mainNav(page)).toBeVisible();
  const attention = mainNav(page).getByRole('link', { name: /Needs attention/ });
  await expect(attention).toContainText(/\d+\s*failed deliveries/);
  await expect(attention.getByText(/^\d+/)).toBeVisible();
  await expect(
    page
      .getByRole('navigation', { name: 'Integrations' })
      .getByRole('link', { name: /Sandbox/ })
      .first(),
  ).toBeVisible();
  await expectAccessible(page, 'phone, menu open');
  await snap(page, 'phone-menu-open');

  await page.getByRole('button', { name: 'Close menu' }).click();
  await expect(mainNav(page)).toBeHidden();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(menuButton(page)).toBeFocused();

  // A link takes the reader to its screen and puts the menu away.
  await menuButton(page).click();
  await mainNav(page).getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  await expect(mainNav(page)).toBeHidden();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
});

test('the menu works from the keyboard: focus moves in, Escape returns it, Enter on a link navigates', async ({
  page,
}) => {
  await page.goto('/integrations');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Skip link, home link, then the Menu button: the top bar is the first thing a keyboard reaches.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(menuButton(page)).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(mainNav(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close menu' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(mainNav(page)).toBeHidden();
  await expect(menuButton(page)).toBeFocused();

  await page.keyboard.press('Space');
  await expect(mainNav(page)).toBeVisible();
  const contacts = mainNav(page).getByRole('link', { name: 'Contacts', exact: true });
  await contacts.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(mainNav(page)).toBeHidden();

  // Tabbing out of the panel closes it, instead of moving focus onto the page hidden beneath it.
  await menuButton(page).focus();
  await page.keyboard.press('Enter');
  const lastIntegration = page.getByRole('navigation', { name: 'Integrations' }).getByRole('link').last();
  await lastIntegration.focus();
  await page.keyboard.press('Tab');
  await expect(mainNav(page)).toBeHidden();
  await expect(menuButton(page)).toHaveAttribute('aria-expanded', 'false');
});

test('from the lg breakpoint up the sidebar stands beside the page and there is no Menu button', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/integrations');
  await expect(mainNav(page)).toBeVisible();
  await expect(menuButton(page)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Close menu' })).toBeHidden();
  const nav = await mainNav(page).boundingBox();
  const main = await page.getByRole('main').boundingBox();
  expect(nav && main && nav.x + nav.width <= main.x).toBe(true);
});

/** Every dashboard screen, with what to wait for before measuring it. */
const screens = () => [
  { name: 'overview', path: '/' },
  { name: 'integrations', path: '/integrations' },
  { name: 'integration-settings', path: `/integrations/${sandboxId}` },
  { name: 'monitoring-code', path: `/integrations/${sandboxId}/snippet` },
  { name: 'website-events', path: `/integrations/${sandboxId}/collector` },
  { name: 'website-events-test', path: `/integrations/${sandboxId}/collector/test` },
  { name: 'new-integration', path: '/integrations/new' },
  { name: 'send', path: '/send' },
  { name: 'history', path: '/deliveries' },
  { name: 'delivery', path: `/deliveries/${deliveryId}` },
  { name: 'attention', path: '/attention' },
  { name: 'incidents', path: '/incidents' },
  { name: 'contacts', path: '/contacts' },
  { name: 'contact-timeline', path: `/contacts/${encodeURIComponent(email)}` },
  { name: 'retention', path: '/retention' },
  { name: 'backfill', path: '/backfill' },
  { name: 'sandbox-contacts', path: '/sandbox-contacts' },
  { name: 'users', path: '/users' },
  { name: 'tokens', path: '/tokens' },
  { name: 'audit', path: '/audit' },
  { name: 'notifications', path: '/notifications' },
];

/** Wider than the viewport means the whole page scrolls sideways: a table must scroll in its card. */
async function expectNoSidewaysScroll(page: Page, note: string) {
  const width = await pageWidth(page);
  expect(width, `${note} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('every screen fits 390 px: nothing scrolls sideways, and axe finds nothing', async ({ page }) => {
  test.setTimeout(180_000);
  // Measured on every screen before failing, so one run names every screen that is too wide.
  const tooWide: string[] = [];
  for (const screen of screens()) {
    await test.step(screen.name, async () => {
      await page.goto(screen.path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      const width = await pageWidth(page);
      if (width > PHONE.width) tooWide.push(`${screen.path} is ${width} px wide`);
      await expectAccessible(page, `on ${screen.path} at 390 px`);
      await snap(page, `phone-${screen.name}`);
    });
  }
  expect(tooWide).toEqual([]);
});

test('a dialog fits the phone', async ({ page }) => {
  await page.goto('/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
  await expectNoSidewaysScroll(page, 'the Add user dialog');
  await expectAccessible(page, 'Add user dialog at 390 px');
  await snap(page, 'phone-dialog-add-user');
});
