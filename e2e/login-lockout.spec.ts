import http from 'node:http';

import { BASE_URL, PORT } from './support/env';
import { expect, test } from './support/fixtures';

// Its own account, so the waits this spec causes never slow another spec's sign-ins.
const OWNER = { email: 'lockout-owner@example.com', password: 'owner-password-12', name: 'Lock Owner' };

/** POST /api/auth/login from a chosen loopback address, with no cookies: a stranger's client. */
function loginFrom(localAddress: string, password: string): Promise<{ status: number; retryAfter?: number }> {
  const body = JSON.stringify({ email: OWNER.email, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        path: '/api/auth/login',
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', origin: BASE_URL },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: retryAfter ? Number(retryAfter) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('wrong passwords from other addresses slow strangers down but never lock out a browser that signed in before', async ({
  request,
  browser,
}) => {
  test.setTimeout(90_000);
  const created = await request.post('/api/users', { data: { ...OWNER, role: 'viewer' } });
  expect(created.status(), await created.text()).toBe(201);

  // The owner signs in once through the form: this browser now holds a device cookie.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const signIn = async () => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${BASE_URL}/`);
  };
  await signIn();
  const device = (await context.cookies(`${BASE_URL}/api/auth/login`)).find((c) => c.name === 'sm_device');
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });
  expect(device!.value).not.toContain(OWNER.password);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // An attacker guesses from a new address each time, waiting as asked, until eleven guesses failed.
  let failures = 0;
  for (let i = 2; failures < 11; i++) {
    const res = await loginFrom(`127.0.0.${i}`, `wrong-guess-${i}`);
    if (res.status === 401) failures++;
    else {
      expect(res.status).toBe(429);
      expect(res.retryAfter).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, res.retryAfter! * 1000));
    }
  }
  // A browser without the cookie, even with the right password, must now wait (growing, capped delays)…
  const stranger = await loginFrom('127.0.0.200', OWNER.password);
  expect(stranger.status).toBe(429);
  expect(stranger.retryAfter).toBeGreaterThan(0);
  expect(stranger.retryAfter).toBeLessThanOrEqual(300);

  // …while the owner's browser signs in at once.
  await signIn();
  await context.close();
});
