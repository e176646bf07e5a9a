import path from 'node:path';

import { DATA_DIR } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { freePort, signIn, startConsole, type ConsoleProcess } from './support/server-process';

// A history search looks through HISTORY_SEARCH_WINDOW deliveries per request (a million by default), so
// its cost never grows with the history. A console of its own, with a window of 4, shows what a marketer
// sees when a search reaches it: what it found so far, how far back it looked, and a link that goes on.
// SQLite only: PostgreSQL's search is one planned query without a window (playwright.pg.config.ts does not
// run this file).
const ADMIN = { email: 'window-admin@example.com', password: 'window-password-1' };

test.use({ storageState: { cookies: [], origins: [] } });

let server: ConsoleProcess;

test.beforeAll(async () => {
  const dataDir = path.join(DATA_DIR, `search-window-${Date.now()}`);
  server = await startConsole({
    port: await freePort(),
    dataDir,
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, HISTORY_SEARCH_WINDOW: '4' },
  });
  const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
  const headers = { cookie, 'content-type': 'application/json', origin: server.baseUrl };
  const { items } = (await (await fetch(`${server.baseUrl}/api/integrations`, { headers })).json()) as {
    items: Array<{ id: number }>;
  };
  // Oldest first: an old order, six other contacts' visits, then a recent order.
  const emails = [
    'window-old@example.com',
    ...Array.from({ length: 6 }, (_, i) => `visitor-${i}@example.com`),
    'window-new@example.com',
  ];
  for (const email of emails) {
    const res = await fetch(`${server.baseUrl}/api/integrations/${items[0]!.id}/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: email.startsWith('window') ? 'PURCHASE' : 'VISIT', email }),
    });
    expect(res.status).toBe(201);
  }
});

test.afterAll(async () => {
  await server?.stop();
});

test('a search that reaches its window shows what it found, how far back it looked, and goes on', async ({
  page,
}) => {
  // A delivery's contact links to its timeline.
  const contact = (email: string) => page.getByRole('link', { name: email, exact: true });
  await page.goto(`${server.baseUrl}/deliveries`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(deliveries)?$/);
  await page.goto(`${server.baseUrl}/deliveries`);
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();

  // A search whose matches are spread: the newest window holds the recent order only.
  await page.getByRole('searchbox', { name: 'Search' }).fill('window-');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await expect(contact('window-new@example.com')).toBeVisible();
  await expect(contact('window-old@example.com')).toHaveCount(0);
  await expect(page.getByText(/Searched back to /)).toBeVisible();
  await snap(page, 'history-search-window-partial');
  await expectAccessible(page, 'search page that stopped at its window');
  await page.getByRole('link', { name: 'Search older deliveries →' }).click();
  await expect(contact('window-old@example.com')).toBeVisible();
  await expect(contact('window-new@example.com')).toHaveCount(0);
  // That window reached the oldest delivery: nothing more to search, nothing more to say.
  await expect(page.getByText(/Searched back to /)).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Search older deliveries/ })).toHaveCount(0);

  // A search whose only match is older than the window: an empty page says so and offers to go on.
  await page.getByRole('link', { name: /Back to newest/ }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('window-old');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await expect(page.getByRole('heading', { name: /^No matches since / })).toBeVisible();
  await expect(page.getByText('Nothing matches these filters')).toHaveCount(0);
  await snap(page, 'history-search-window-empty');
  await expectAccessible(page, 'search page with no match in its window');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { name: /^No matches since / })).toBeVisible();
  await snap(page, 'history-search-window-empty-phone');
  await expectAccessible(page, 'search page with no match in its window, on a phone');
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(page.getByRole('link', { name: /Search older deliveries/ })).toHaveCount(1);
  await page.getByRole('link', { name: 'Search older deliveries' }).click();
  await expect(contact('window-old@example.com')).toBeVisible();
});
