import { ADMIN, BASE_URL } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';

test.describe('signing in and out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a deep link asks for sign-in, then returns to the page', async ({ page, consoleErrors }) => {
    // The wrong password below is the API's 401, which Chromium logs as a failed load.
    consoleErrors.allow(failedLoad('/api/auth/login', 401));
    await page.goto('/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fusers$/);
    await expectAccessible(page, 'on /login');
    await snap(page, 'login');

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'The email or password is not right.' }),
    ).toBeVisible();

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/integrations');
    await expect(page).toHaveURL(/\/login\?next=%2Fintegrations$/);
  });

  test('the session cookie is httpOnly and SameSite=Lax', async ({ page }) => {
    const res = await page.request.post('/api/auth/login', {
      data: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(res.ok()).toBe(true);
    const cookie = (await page.context().cookies(BASE_URL)).find((c) => c.name === 'sm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(JSON.stringify(await res.json())).not.toContain(cookie!.value);
  });

  test('the API answers 401 in the house error shape without a session', async ({ request }) => {
    for (const [method, path] of [
      ['GET', '/api/integrations'],
      ['POST', '/api/integrations'],
      ['GET', '/api/integrations/1'],
      ['PATCH', '/api/integrations/1'],
      ['DELETE', '/api/integrations/1'],
      ['POST', '/api/integrations/1/verify'],
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/auth/logout'],
    ] as const) {
      const res = await request.fetch(path, { method, data: method === 'GET' ? undefined : {} });
      expect(res.status(), `${method} ${path}`).toBe(401);
      const body = await res.json();
      expect(body.error).toMatchObject({ code: 'unauthorized' });
      expect(typeof body.error.message).toBe('string');
    }
  });
});
