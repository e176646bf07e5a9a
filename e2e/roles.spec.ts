import { storageStatePath } from './support/env';
import { expect, expectAccessible, test } from './support/fixtures';

for (const role of ['marketer', 'viewer'] as const) {
  test.describe(`a ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });

    test('sees integrations but no credentials, and cannot change them', async ({ page }) => {
      await page.goto('/integrations');
      await expect(page.getByRole('link', { name: 'Add integration' })).toHaveCount(0);
      await page.getByRole('table').getByRole('link', { name: 'Sandbox' }).click();
      await expect(page.getByText('Only admins can see or change credentials.')).toBeVisible();
      await expect(page.getByRole('heading', { name: 'API credentials' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: /Replace|Save changes|Verify now|Delete/ })).toHaveCount(
        0,
      );
      await expect(page.getByText('••••')).toHaveCount(0);
      await expectAccessible(page, `settings as ${role}`);

      const id = page.url().split('/').pop();
      const read = await page.request.get(`/api/integrations/${id}`);
      expect(read.ok()).toBe(true);
      const body = await read.json();
      expect(body).toMatchObject({ apiKeySet: true, apiSecretSet: true });
      expect(body).not.toHaveProperty('apiKeyHint');
      expect(body).not.toHaveProperty('apiSecretHint');

      for (const [method, path, data] of [
        ['PATCH', `/api/integrations/${id}`, { name: 'Renamed' }],
        ['DELETE', `/api/integrations/${id}`, undefined],
        ['POST', `/api/integrations/${id}/verify`, undefined],
        ['POST', '/api/integrations', { name: 'x' }],
        ['GET', '/api/users', undefined],
        ['POST', '/api/users', { email: 'a@example.com' }],
      ] as const) {
        const res = await page.request.fetch(path, { method, data });
        expect(res.status(), `${method} ${path}`).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
      const after = await (await page.request.get(`/api/integrations/${id}`)).json();
      expect(after.name).toBe('Sandbox');
    });

    test('is told plainly that users and new integrations are for admins', async ({ page }) => {
      await page.goto('/users');
      await expect(page.getByRole('heading', { name: 'Your role does not allow this' })).toBeVisible();
      await expect(
        page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }),
      ).toHaveCount(0);
      await page.goto('/integrations/new');
      await expect(page.getByText('Only admins add integrations and enter credentials.')).toBeVisible();
    });
  });
}

test('an admin changes a role, and the change takes effect', async ({ page, browser }) => {
  await page.goto('/users');
  await expectAccessible(page, 'on /users');
  const select = page.getByLabel('Role of viewer@example.com');
  await select.selectOption('marketer');
  await expect(page.getByText('viewer@example.com is now marketer.')).toBeVisible();
  const viewer = await browser.newContext({ storageState: storageStatePath('viewer') });
  expect((await (await viewer.request.get('/api/auth/me')).json()).user.role).toBe('marketer');
  await page.getByLabel('Role of viewer@example.com').selectOption('viewer');
  await expect(page.getByText('viewer@example.com is now viewer.')).toBeVisible();
  expect((await (await viewer.request.get('/api/auth/me')).json()).user.role).toBe('viewer');
  await viewer.close();
});
