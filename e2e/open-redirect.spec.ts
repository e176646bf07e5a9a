import { ADMIN, BASE_URL } from './support/env';
import { expect, test } from './support/fixtures';

// Spellings a browser reads as another host, or that broke the Location header (issue 11, item 2).
const HOSTILE_NEXT = [
  '/\t/evil.test/phish',
  '/\\evil.test',
  '//evil.test',
  ' //evil.test',
  '/./\\evil.test',
  'https:evil.test',
  'javascript:alert(1)',
  '/users\r\nSet-Cookie: pwned=1',
];

test.describe('after signing in, only pages of the console are opened', () => {
  test('a signed-in GET /login?next=… redirects within the console, never elsewhere', async ({ request }) => {
    for (const next of HOSTILE_NEXT) {
      const res = await request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      expect(res.status(), JSON.stringify(next)).toBe(307);
      const location = res.headers()['location']!;
      expect(new URL(location, BASE_URL).origin, JSON.stringify(next)).toBe(BASE_URL);
      expect(res.headers()['set-cookie'] ?? '').not.toContain('pwned');
    }
    const ok = await request.get(`/login?next=${encodeURIComponent('/users?role=admin')}`, {
      maxRedirects: 0,
    });
    expect(ok.headers()['location']).toBe('/users?role=admin');
  });

  test.describe('signed out', () => {
    test.use({ storageState: { cookies: [], origins: [] } });

    test('the sign-in form with a hostile next lands on the console', async ({ page }) => {
      await page.goto(`/login?next=${encodeURIComponent('/\t/evil.test/phish')}`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // `/` is the console's home, the overview.
      await expect(page).toHaveURL(`${BASE_URL}/`);
      await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
    });
  });
});
