// Issue 16's whole journey, told to the people who listen: a marketer asked for email about the Sandbox
// and an admin gave the Sandbox a webhook. SALESmanago (the sandbox) rotates the account's secret; one
// scheduled credential check opens the incident and pauses sending; the next notifications pass tells
// both channels once; events sent meanwhile wait; the right secret resolves it, sending resumes, and both
// channels hear once that it is over. Passes after that, and a re-run of the ticks as after a restart,
// send nothing again.
import type { Page } from '@playwright/test';

import type { ReceivedHook, ReceivedMail } from '@/lib/notifications/test-helpers';
import { verifySignature } from '@/lib/notifications/test-helpers';
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { HOUR, MINUTE, moveClock } from './support/clock';
import { BASE_URL, DESKTOP, MARKETER, PHONE, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import {
  expectWaitedThenSent,
  openCredentialsIncident,
  restoreSandboxSecret,
  stopRetries,
} from './support/incidents';
import { listenForNotices } from './support/notices';
import {
  findLeaks,
  forbiddenStrings,
  sandboxCredentials,
  sha1,
  TEST_ROTATED_SECRET,
} from './support/secrets';

const token = runToken('notify');
const inbox = listenForNotices();
let sandboxId = 0;
let original = '';
let marketerBefore: { digest: boolean; integrationIds: number[] } | undefined;

test.beforeAll(async ({ playwright }) => {
  original = (await sandboxCredentials()).apiSecret;
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  // An earlier spec may have left the Sandbox's last check in the moved clock's future: checked now, on
  // the real clock, its next scheduled check is exactly six hours away.
  await moveClock(api, { reset: true });
  await stopRetries(api, sandboxId);
  expect((await api.post(`/api/integrations/${sandboxId}/verify`)).status()).toBe(200);
  expect(await openCredentialsIncident(api, sandboxId)).toBeUndefined();
  await api.dispose();
  const marketer = await apiAs(playwright, 'marketer');
  marketerBefore = (
    (await (await marketer.get('/api/notifications')).json()) as {
      preferences: { digest: boolean; integrationIds: number[] };
    }
  ).preferences;
  await marketer.dispose();
});

// Whatever happened: the clock is real, the sandbox and its integration agree again, and nobody listens
// any more (the later specs' incidents must not be sent to a receiver that is gone).
test.afterAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  await restoreSandboxSecret(api, sandboxId, original);
  const { admin } = (await (await api.get('/api/notifications')).json()) as {
    admin: { webhooks: Array<{ id: number; integrationId: number | null }> };
  };
  for (const w of admin.webhooks.filter((h) => h.integrationId === sandboxId))
    await api.delete(`/api/notifications/webhooks/${w.id}`);
  await api.dispose();
  if (marketerBefore) {
    const marketer = await apiAs(playwright, 'marketer');
    await marketer.put('/api/notifications/preferences', {
      data: { digest: marketerBefore.digest, integrationIds: marketerBefore.integrationIds },
    });
    await marketer.dispose();
  }
});

type Kind = 'opened' | 'reminder' | 'resolved';

// The previous specs' Sandbox incidents were resolved while their clock ran hours ahead, so to a listener
// who starts now they look resolved after it started listening, and it may hear of them once: every
// count below is of THIS incident's notices, found by its id.
const incidentLink = (id: number) => new RegExp(`/incidents/${id}$`, 'm');
const mailsOf = (id: number, kind: Kind) =>
  inbox.smtp.mails.filter((m) => incidentLink(id).test(m.text) && kindOfMail(m) === kind);
const kindOfMail = (m: ReceivedMail): Kind =>
  m.subject.startsWith('Resolved:')
    ? 'resolved'
    : m.subject.startsWith('Still open:')
      ? 'reminder'
      : 'opened';
const hookJson = (h: ReceivedHook) =>
  JSON.parse(h.body) as { id: number; type: string; text: string; incident?: { id: number } };
const hooksOf = (id: number, kind: Kind) =>
  inbox.receiver.hooks.filter((h) => {
    const body = hookJson(h);
    return body.incident?.id === id && body.type === `incident.${kind}`;
  });

/** The notices of an incident so far, per kind and channel: each must be 0 or 1, whatever ran. */
const countsOf = (id: number) =>
  Object.fromEntries(
    (['opened', 'reminder', 'resolved'] as const).map((k) => [
      k,
      { email: mailsOf(id, k).length, webhook: hooksOf(id, k).length },
    ]),
  );

const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;

/**
 * Nothing private in a notice: no API key or secret (the old one, the rotated one), no sha of either, no
 * signing secret, and no contact's email address (the events sent during the incident carry `token`).
 */
async function expectNothingPrivate(text: string, what: string) {
  const sb = await sandboxCredentials();
  const secrets = [
    ...(await forbiddenStrings()),
    sha1(sb.apiKey + sb.clientId + TEST_ROTATED_SECRET),
    original,
  ];
  expect(findLeaks(text, secrets), what).toEqual([]);
  expect(text, what).not.toContain(token);
}

async function expectSignedHook(hook: ReceivedHook, secret: string) {
  expect(verifySignature(hook.headers['x-console-signature'] as string, hook.body, secret)).toBe(true);
  // The same notice id in the body and the header: a receiver drops a retried copy by it.
  expect(hook.headers['x-console-notification-id']).toBe(String(hookJson(hook).id));
  await expectNothingPrivate(hook.body + JSON.stringify(hook.headers), 'the webhook');
  expect(hook.body, 'the webhook names no email address').not.toMatch(EMAIL_ADDRESS);
}

async function expectPlainMail(mail: ReceivedMail) {
  expect(mail.to).toBe(MARKETER.email);
  await expectNothingPrivate(mail.raw, 'the email');
  // Its words name no address at all (the headers name the sender and the marketer, as any email does).
  expect(`${mail.subject}\n${mail.text}`, 'the email names no email address').not.toMatch(EMAIL_ADDRESS);
}

/** Both screens sizes of the current page, for a person to look at. */
async function snapBoth(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await snap(page, name);
  await page.setViewportSize(PHONE);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(
    PHONE.width,
  );
  await snap(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

test('a rotated secret opens one incident; email and webhook hear once that it opened and once that it is over', async ({
  browser,
  page,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize(DESKTOP);

  // The marketer asks for email about the Sandbox, on their own notifications screen.
  const marketer = await browser.newContext({
    storageState: storageStatePath('marketer'),
    viewport: DESKTOP,
  });
  const m = await marketer.newPage();
  await m.goto('/notifications');
  const choices = m.getByRole('form', { name: 'Email me' });
  await choices.getByRole('checkbox', { name: 'Sandbox', exact: true }).check();
  await choices.getByRole('button', { name: 'Save' }).click();
  await expect(choices.getByRole('status')).toHaveText('Saved.');

  // The admin sends the Sandbox's notices to a receiver on loopback, and keeps the signing secret.
  await page.goto('/notifications');
  const hookForm = page.getByRole('form', { name: 'Webhook for Sandbox', exact: true });
  await hookForm.getByLabel('Webhook address').fill(inbox.receiver.url('/sandbox-alerts'));
  await hookForm.getByRole('button', { name: 'Save' }).click();
  const shown = page.getByRole('status').filter({ hasText: 'Copy the signing secret now' });
  const secret = (await shown.getByText(/^whsec_/).textContent())!.trim();
  await shown.getByRole('button', { name: 'I saved it' }).click();

  // SALESmanago's side: the account gets a new API secret; the console still signs with the old one.
  const rotated = await page.request.put('/api/sandbox/account/secret', {
    data: { apiSecret: TEST_ROTATED_SECRET },
  });
  expect(rotated.status()).toBe(200);

  // Six hours on, the scheduled check runs once, is refused, opens the incident and pauses sending.
  const check = await moveClock(page.request, { advanceMs: 6 * HOUR + MINUTE });
  expect(check.ran).toContain('credential-checks');
  const incident = await openCredentialsIncident(page.request, sandboxId);
  expect(incident).toMatchObject({ state: 'open' });
  const id = incident!.id;
  const sandbox = (await (await page.request.get(`/api/integrations/${sandboxId}`)).json()) as {
    sending: { paused: boolean; pausedBy: string; incidentId: number };
  };
  expect(sandbox.sending).toMatchObject({ paused: true, pausedBy: 'credentials', incidentId: id });

  // Events sent meanwhile wait in the queue.
  const waiting = [];
  for (let i = 0; i < 3; i++)
    waiting.push(
      await sendEvent(page.request, sandboxId, { type: 'VISIT', email: `${token}-${i}@example.com` }),
    );
  expect(waiting.map((d) => d.status)).toEqual(['queued', 'queued', 'queued']);

  // The notifications pass after the check (the check's own pass read the incidents before it opened)
  // tells each channel once; the pass after that tells nobody again (a reminder is hours away).
  expect((await moveClock(page.request, { advanceMs: MINUTE })).ran).toContain('notifications');
  expect(countsOf(id)).toEqual({
    opened: { email: 1, webhook: 1 },
    reminder: { email: 0, webhook: 0 },
    resolved: { email: 0, webhook: 0 },
  });
  const [opened] = mailsOf(id, 'opened');
  expect(opened!.subject).toBe('Problem with “Sandbox”: SALESmanago rejected the credentials');
  expect(opened!.text).toContain('Re-enter the API secret and API key');
  expect(opened!.text).toContain(`Open the incident: ${BASE_URL}/incidents/${id}`);
  await expectPlainMail(opened!);
  const [openedHook] = hooksOf(id, 'opened');
  expect(openedHook!.path).toBe('/sandbox-alerts');
  await expectSignedHook(openedHook!, secret);
  expect(hookJson(openedHook!).text).toContain('SALESmanago rejected the credentials');
  expect((await moveClock(page.request, { advanceMs: MINUTE })).ran).toContain('notifications');
  expect(countsOf(id).opened).toEqual({ email: 1, webhook: 1 });

  // What a person sees meanwhile: the open incident, its page, the notices sent, the paused integration.
  await page.goto('/incidents');
  const card = page
    .getByRole('list', { name: 'Open incidents' })
    .getByRole('listitem')
    .filter({
      has: page.getByRole('link', { name: 'Sandbox', exact: true }),
    })
    // Other specs may leave the Sandbox another open incident (a silent website, on the test clock).
    .filter({ hasText: 'SALESmanago rejected the credentials' });
  await expect(card).toContainText('SALESmanago rejected the credentials');
  // What it means comes first, in plain words, before SALESmanago's reason.
  await expect(card).toContainText('Sending is paused. Events wait safely in the queue');
  await expectAccessible(page, 'incidents with an open credentials incident');
  await snapBoth(page, 'notify-incidents');
  await page.goto(`/incidents/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SALESmanago rejected the credentials');
  await expect(
    page.locator('dt', { hasText: 'Waiting now' }).locator('xpath=following-sibling::dd[1]'),
  ).toHaveText('3 deliveries');
  await snapBoth(page, 'notify-incident');
  await page.goto('/notifications');
  const recent = page.getByRole('table', { name: 'Recent notifications' });
  await expect(recent.getByRole('row').filter({ hasText: MARKETER.email }).first()).toContainText(
    'Problem started',
  );
  await expectAccessible(page, 'notifications with recent notices');
  await snapBoth(page, 'notify-notifications');
  await m.goto('/notifications');
  await expect(m.getByRole('table', { name: 'Recent notifications' }).getByRole('row').nth(1)).toContainText(
    'Sent',
  );
  await snapBoth(m, 'notify-notifications-marketer');
  // On a phone the notices are a list, so how each ended shows without scrolling a table sideways.
  await m.setViewportSize(PHONE);
  const notices = m.getByRole('list', { name: 'Recent notifications' }).getByRole('listitem');
  await expect(notices.first()).toContainText('Problem started');
  await expect(notices.first()).toContainText('Sent');
  await expect(notices.first().getByRole('link')).toHaveAttribute('href', `/incidents/${id}`);
  await page.goto(`/integrations/${sandboxId}`);
  await expect(page.getByText('Sending paused', { exact: true })).toBeVisible();
  await snapBoth(page, 'notify-paused-integration');

  // The admin enters the account's new secret; its check resolves the incident and sending resumes.
  const fixedFrom = Date.now();
  await page.getByRole('button', { name: 'Replace API secret' }).click();
  await page.getByLabel('New API secret').fill(TEST_ROTATED_SECRET);
  await page.getByRole('button', { name: 'Replace and verify' }).click();
  await expect(page.getByText('Everything works.')).toBeVisible();
  await expect.poll(() => openCredentialsIncident(page.request, sandboxId)).toBeUndefined();
  await expectWaitedThenSent(
    page.request,
    waiting.map((d) => d.id),
    fixedFrom,
  );

  // The next pass says it is over, once per channel.
  expect((await moveClock(page.request, { advanceMs: MINUTE })).ran).toContain('notifications');
  const over = {
    opened: { email: 1, webhook: 1 },
    reminder: { email: 0, webhook: 0 },
    resolved: { email: 1, webhook: 1 },
  };
  expect(countsOf(id)).toEqual(over);
  const [resolved] = mailsOf(id, 'resolved');
  expect(resolved!.subject).toBe('Resolved: SALESmanago rejected the credentials (“Sandbox”)');
  await expectPlainMail(resolved!);
  const [resolvedHook] = hooksOf(id, 'resolved');
  await expectSignedHook(resolvedHook!, secret);

  // As after a restart: the clock goes back, the schedule forgets the ticks it claimed in that future and
  // runs them again; then another pass. Nothing is sent twice: what is due is read from the records.
  expect((await moveClock(page.request, { reset: true })).ran).toContain('notifications');
  expect((await moveClock(page.request, { advanceMs: MINUTE })).ran).toContain('notifications');
  expect(countsOf(id)).toEqual(over);
  const { recent: recorded } = (await (await page.request.get('/api/notifications')).json()) as {
    recent: Array<{ incidentId: number | null; kind: string; channel: string; status: string }>;
  };
  expect(
    recorded
      .filter((n) => n.incidentId === id)
      .map((n) => `${n.kind} ${n.channel} ${n.status}`)
      .sort(),
  ).toEqual(['opened email sent', 'opened webhook sent', 'resolved email sent', 'resolved webhook sent']);
  await marketer.close();
});
