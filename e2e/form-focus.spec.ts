// Issue 13, item 7: after a failed save, the first field the API refused takes the focus and comes into
// view, on every form (one rule in components/providers/providers.tsx), not only the two that had it.
import { expect, failedLoad, test } from './support/fixtures';

test('a refused token name takes the focus', async ({ page, consoleErrors }) => {
  // The refusal under test: the API answers 422 with the field error.
  consoleErrors.allow(failedLoad('/api/tokens', 422));
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  const name = page.getByLabel('Name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
});

test('a refused email in the Add user dialog takes the focus', async ({ page, consoleErrors }) => {
  consoleErrors.allow(failedLoad('/api/users', 422));
  await page.goto('/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Name').fill('Nobody');
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('Initial password').fill('long-enough-password-1');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  const email = dialog.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
});
