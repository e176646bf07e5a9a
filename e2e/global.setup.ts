import { request } from '@playwright/test';

import { ADMIN, BASE_URL, MARKETER, storageStatePath, VIEWER } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';

// The first run of a fresh console: no users, so every page leads to /setup.
test('a newcomer sets up the first admin and lands on a ready Sandbox integration', async ({
  page,
  consoleErrors,
}) => {
  // The weak password below is refused by the API (422), which Chromium logs as a failed load.
  consoleErrors.allow(failedLoad('/api/auth/setup', 422));
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
  await expectAccessible(page, 'on /setup');
  await snap(page, 'setup');

  // A weak password is refused inline and creates nothing.
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page.getByText('Use at least 10 characters for the password.')).toBeVisible();

  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();

  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole('link', { name: 'Sandbox', exact: true }).first()).toBeVisible();
  await page.context().storageState({ path: storageStatePath('admin') });

  // The console's home, the overview, has nothing to count yet: it points at the two ways events arrive.
  await page.getByRole('link', { name: 'SALESmanago External Events Console, home' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'No events yet' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Send a first event' })).toHaveAttribute('href', '/send');
  await expect(page.getByRole('link', { name: 'Get the monitoring code' })).toHaveAttribute(
    'href',
    /^\/integrations\/\d+\/snippet$/,
  );
  await expectAccessible(page, 'on the empty overview');
  await snap(page, 'overview-empty');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { name: 'No events yet' })).toBeVisible();
  await expectAccessible(page, 'on the empty overview at 390 px');
  await snap(page, 'overview-empty-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Setup is closed once an admin exists.
  const again = await page.request.post('/api/auth/setup', {
    data: { email: 'x@example.com', password: 'another-password' },
  });
  expect(again.status()).toBe(403);
  // A signed-in admin asking for /setup is sent on to the console's home, the overview.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
});

test('the admin adds a marketer and a viewer', async ({ browser }) => {
  const admin = await browser.newContext({ storageState: storageStatePath('admin') });
  for (const [user, role] of [
    [MARKETER, 'marketer'],
    [VIEWER, 'viewer'],
  ] as const) {
    const res = await admin.request.post('/api/users', { data: { ...user, role } });
    expect(res.status(), await res.text()).toBe(201);
    const ctx = await request.newContext({ baseURL: BASE_URL });
    const login = await ctx.post('/api/auth/login', { data: { email: user.email, password: user.password } });
    expect(login.ok()).toBe(true);
    await ctx.storageState({ path: storageStatePath(role) });
    await ctx.dispose();
  }
  await admin.close();
});
