import { verifySignature } from '@/lib/notifications/test-helpers';
import { consoleNumber } from './support/db';
import { MARKETER, storageStatePath } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';
import { listenForNotices } from './support/notices';
import { findLeaks, forbiddenStrings } from './support/secrets';

// This spec listens as a mail server and a Slack-like receiver would.
const inbox = listenForNotices();
// The earlier specs' incidents, resolved while their test clock ran hours ahead, look resolved after a
// listener who starts now started listening, so a pass of the notifications may tell it of them: the
// checks below look at the tests' own messages.
const TEST_SUBJECT = 'Test notification from the SALESmanago Events Console';
const testMails = () => inbox.smtp.mails.filter((m) => m.subject === TEST_SUBJECT);
const testHooks = () => inbox.receiver.hooks.filter((h) => JSON.parse(h.body).type === 'test');

const webhookCount = () => consoleNumber('select count(*) as n from notification_webhooks');

test('a marketer chooses their emails and the digest, and a test email arrives with nothing secret in it', async ({
  browser,
}) => {
  const ctx = await browser.newContext({ storageState: storageStatePath('marketer') });
  const page = await ctx.newPage();
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  // Webhooks and reminders reach everyone: only admins set them.
  await expect(page.getByRole('heading', { name: 'Webhooks' })).toHaveCount(0);

  const form = page.getByRole('form', { name: 'Email me' });
  await form.getByRole('checkbox', { name: 'Sandbox' }).check();
  await form.getByRole('checkbox', { name: /Weekly digest/ }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(form.getByRole('checkbox', { name: 'Sandbox' })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: /Weekly digest/ })).toBeChecked();

  const before = testMails().length;
  await page.getByRole('button', { name: 'Send me a test email' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Test to ${MARKETER.email}` })).toContainText(
    'Sent',
  );
  await expect.poll(() => testMails().length).toBe(before + 1);
  const mail = testMails().at(-1)!;
  expect(mail.to).toBe(MARKETER.email);
  expect(findLeaks(mail.raw, await forbiddenStrings())).toEqual([]);

  const recent = page.getByRole('table', { name: 'Recent notifications' });
  await expect(recent.getByRole('row').filter({ hasText: MARKETER.email }).first()).toContainText('Sent');
  await expectAccessible(page, 'notifications as a marketer');
  await ctx.close();
});

test('an admin sets a webhook: a private address is refused, the test arrives signed, the screen shows how it ended', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/notifications');
  const form = page.getByRole('form', { name: 'Webhook for Every integration' });
  const address = form.getByLabel('Webhook address');

  // Refused with 422 on purpose, and nothing is saved.
  consoleErrors.allow(failedLoad('/api/notifications/webhooks', 422));
  await address.fill('http://10.1.2.3/hook');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('10.1.2.3 is a private network address.')).toBeVisible();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  expect(await webhookCount()).toBe(0);

  await address.fill(inbox.receiver.url('/hook'));
  await form.getByRole('button', { name: 'Save' }).click();
  const shown = page.getByRole('status').filter({ hasText: 'Copy the signing secret now' });
  await expect(shown).toBeVisible();
  const secret = (await shown.getByText(/^whsec_/).textContent())!.trim();
  expect(await webhookCount()).toBe(1);

  await page.getByRole('button', { name: 'Send a test' }).first().click();
  const result = page.getByRole('status').filter({ hasText: 'Test to 127.0.0.1' });
  await expect(result).toContainText('Sent');
  expect(testHooks()).toHaveLength(1);
  const hook = testHooks()[0]!;
  expect(verifySignature(hook.headers['x-console-signature'] as string, hook.body, secret)).toBe(true);
  expect(JSON.parse(hook.body)).toMatchObject({ type: 'test' });
  expect(JSON.parse(hook.body).text).toContain('This is a test: nothing is wrong.');
  expect(findLeaks(hook.body + JSON.stringify(hook.headers), await forbiddenStrings())).toEqual([]);

  await shown.getByRole('button', { name: 'I saved it' }).click();
  await expect(page.getByText(`Signing secret ends in …${secret.slice(-4)}`)).toBeVisible();
  await snap(page, 'notifications-desktop');
  await expectAccessible(page, 'notifications as an admin');

  // The receiver is down: the test says so, in words.
  inbox.receiver.answers.push(500);
  await page.getByRole('button', { name: 'Send a test' }).first().click();
  await expect(result).toContainText('Failed');
  await expect(result).toContainText('The webhook answered HTTP 500: receiver is down');
  const recent = page.getByRole('table', { name: 'Recent notifications' });
  await expect(recent.getByRole('row').filter({ hasText: TEST_SUBJECT }).first()).toContainText('Failed');

  // Once shown, the secret never comes back: not on the page, not in the API.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  expect(await (await page.request.get('/api/notifications')).text()).not.toContain(secret);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(page, 'notifications-phone');
});

test('bad input is refused with a clear 4xx and nothing is saved', async ({ request }) => {
  const before = await (await request.get('/api/notifications')).json();
  const refuse = async (path: string, data: unknown, status = 422) => {
    const res = await request.put(path, { data });
    expect(res.status(), `${path} ${JSON.stringify(data)}`).toBe(status);
    return (await res.json()).error as {
      code: string;
      message: string;
      fieldErrors?: Record<string, string[]>;
    };
  };

  const metadata = await refuse('/api/notifications/webhooks', {
    integrationId: null,
    url: 'http://169.254.169.254/latest/meta-data',
  });
  expect(metadata.fieldErrors?.url?.[0]).toBe(
    '169.254.169.254 is a link-local address (where cloud servers keep their metadata). Webhooks can only go to addresses on the public internet.',
  );
  expect(
    (await refuse('/api/notifications/webhooks', { integrationId: null, url: 'hooks' })).fieldErrors
      ?.url?.[0],
  ).toContain('Enter the full webhook address');
  expect(
    (await refuse('/api/notifications/settings', { reminderHours: 0 })).fieldErrors?.reminderHours,
  ).toEqual(['Remind every must be at least 1 hour.']);
  await refuse('/api/notifications/settings', { reminderHours: 1000 });
  await refuse('/api/notifications/preferences', { digest: 'yes', integrationIds: [] });
  await refuse('/api/notifications/preferences', { digest: true, integrationIds: [999999] });
  const notJson = await request.put('/api/notifications/settings', {
    data: 'reminderHours=2',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(notJson.status()).toBe(415);

  const after = await (await request.get('/api/notifications')).json();
  expect(after.admin).toEqual(before.admin);
  expect(after.preferences).toEqual(before.preferences);
});
