import { expect, failedLoad, test } from './support/fixtures';
import { SANDBOX_URL } from './support/env';
import { sandboxCredentials, TEST_API_KEY, TEST_API_SECRET } from './support/secrets';

test('an integration named with zero-width characters only is refused with a field error, and nothing is created', async ({
  page,
  consoleErrors,
}) => {
  // The refusal itself: the form's POST answers 422 with the field error.
  consoleErrors.allow(failedLoad('/api/integrations', 422));
  const count = async () => (await (await page.request.get('/api/integrations')).json()).items.length;
  const before = await count();
  const sandbox = await sandboxCredentials();

  await page.goto('/integrations/new');
  await page.getByLabel('Name').fill('\u200B\u200C\u200D');
  await page.getByLabel('Endpoint').fill(SANDBOX_URL);
  await page.getByLabel('Client ID').fill(sandbox.clientId);
  await page.getByLabel('Owner email').fill('owner@sandbox.example.com');
  await page.getByLabel('API key').fill(TEST_API_KEY);
  await page.getByLabel('API secret').fill(TEST_API_SECRET);
  await page.getByRole('button', { name: 'Save and verify' }).click();
  await expect(
    page.getByText('Name looks empty: use letters, digits or signs people can see.'),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/integrations\/new$/);
  expect(await count()).toBe(before);
});

test('the snippet checker names a zero-width space in the pasted client ID, with its place', async ({
  page,
}) => {
  const { items } = await (await page.request.get('/api/integrations')).json();
  const sandbox = items.find(
    (i: { isSandbox: boolean; name: string }) => i.isSandbox && i.name === 'Sandbox',
  );
  await page.goto(`/integrations/${sandbox.id}/snippet`);
  const { html } = await (await page.request.get(`/api/integrations/${sandbox.id}/snippet`)).json();
  const clientId = sandbox.clientId as string;
  const pasted = (html as string).replace(clientId, `${clientId.slice(0, 4)}\u200B${clientId.slice(4)}`);
  const before = pasted.slice(0, pasted.indexOf('\u200B')).split('\n');

  const check = page.locator('section', {
    has: page.getByRole('heading', { name: 'Check my code', exact: true }),
  });
  await check.getByLabel('Code from your site').fill(pasted);
  await check.getByRole('button', { name: 'Check code' }).click();
  const finding = check.getByRole('list', { name: 'Findings' }).getByRole('listitem').filter({
    hasText: 'U+200B ZERO WIDTH SPACE',
  });
  await expect(finding).toContainText(
    `U+200B ZERO WIDTH SPACE at line ${before.length}, column ${before.at(-1)!.length + 1}`,
  );
  await expect(finding).toContainText('invisible or only look like Latin letters');
});
