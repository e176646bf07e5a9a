// A rotated API secret, as a marketer lives it: SALESmanago (the sandbox) starts refusing the Sandbox
// integration's secret; one scheduled credential check later an incident is open and sending is paused;
// events sent meanwhile wait (none fails); entering the new secret resolves the incident, sending
// resumes, and every waiting event ends succeeded.
import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { HOUR, MINUTE, moveClock } from './support/clock';
import { DESKTOP, PHONE } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import {
  deliveryState,
  expectWaitedThenSent,
  openCredentialsIncident,
  restoreSandboxSecret,
  stopRetries,
} from './support/incidents';
import { sandboxCredentials, TEST_ROTATED_SECRET } from './support/secrets';

const token = runToken('cred');
let sandboxId = 0;
let original = '';

test.beforeAll(async ({ playwright }) => {
  original = (await sandboxCredentials()).apiSecret;
  const api = await apiAs(playwright, 'admin');
  sandboxId = await sandboxIntegrationId(api);
  await stopRetries(api, sandboxId);
  await api.dispose();
});

// Whatever happened, the clock is real and the sandbox and its integration agree again, verified.
test.afterAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  await restoreSandboxSecret(api, sandboxId, original);
  await api.dispose();
});

test('a rotated secret pauses sending within one check; the right secret resumes it and nothing is lost', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await expect.poll(() => openCredentialsIncident(page.request, sandboxId)).toBeUndefined();

  // SALESmanago's side: the account gets a new API secret (the sandbox's own screen).
  await page.goto('/sandbox-contacts');
  await page.getByLabel('New API secret of the sandbox account').fill(TEST_ROTATED_SECRET);
  await page.getByRole('button', { name: 'Change the secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changed.' })).toBeVisible();

  // Six hours later the scheduled check runs once, finds the secret refused, and pauses sending.
  const { ran } = await moveClock(page.request, { advanceMs: 6 * HOUR + MINUTE });
  expect(ran).toContain('credential-checks');
  const incident = await openCredentialsIncident(page.request, sandboxId);
  expect(incident).toMatchObject({ state: 'open' });

  // Events sent meanwhile wait: from the API, and from Send event, which says why.
  const waiting = [];
  for (let i = 0; i < 3; i++)
    waiting.push(
      await sendEvent(page.request, sandboxId, { type: 'VISIT', email: `${token}-${i}@example.com` }),
    );
  expect(waiting.map((d) => d.status)).toEqual(['queued', 'queued', 'queued']);

  await page.goto(`/send?integrationId=${sandboxId}`);
  await expect(
    page.getByText('Sending to “Sandbox” is paused: SALESmanago refuses the credentials.'),
  ).toBeVisible();
  await page.getByLabel('Contact email').fill(`${token}-ui@example.com`);
  await page.getByRole('button', { name: 'Send event' }).click();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('Waiting to be sent');
  await expect(result).toContainText('This event waits in the queue and goes out when sending resumes.');
  await expectAccessible(page, 'Send event while paused');

  // The integration's screens say so, and link the incident.
  await page.goto(`/integrations/${sandboxId}`);
  await expect(page.getByText('Sending paused', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'See the incident' })).toHaveAttribute(
    'href',
    `/incidents/${incident!.id}`,
  );
  await expectAccessible(page, 'integration settings while paused');
  await snap(page, 'incident-paused-integration');
  await page.setViewportSize(PHONE);
  await snap(page, 'incident-paused-integration-phone');
  await page.setViewportSize(DESKTOP);

  // History: the waiting rows say why they wait.
  await page.goto(`/deliveries?integrationId=${sandboxId}&status=queued`);
  await expect(page.getByText('Waits: sending paused, credentials refused').first()).toBeVisible();

  // The incident, in plain words with the fix and its timeline.
  await page.goto(`/incidents/${incident!.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SALESmanago rejected the credentials');
  await expect(page.getByText('Re-enter the API secret and API key')).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText('Opened');
  await expect(timeline).toContainText('Sending paused');
  const fact = (term: string) =>
    page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Waiting now')).toHaveText('4 deliveries');
  await expectAccessible(page, 'a credentials incident');
  await snap(page, 'incident-credentials');
  await page.setViewportSize(PHONE);
  await snap(page, 'incident-credentials-phone');
  await page.setViewportSize(DESKTOP);

  for (const d of waiting) expect((await deliveryState(page.request, d.id)).status).toBe('queued');

  // The marketer enters the new secret; its check resolves the incident and sending resumes.
  await page.goto(`/integrations/${sandboxId}`);
  const fixedFrom = Date.now();
  await page.getByRole('button', { name: 'Replace API secret' }).click();
  await page.getByLabel('New API secret').fill(TEST_ROTATED_SECRET);
  await page.getByRole('button', { name: 'Replace and verify' }).click();
  await expect(page.getByText('Everything works.')).toBeVisible();
  await expect(page.getByText('Sending paused', { exact: true })).toHaveCount(0);
  await expect.poll(() => openCredentialsIncident(page.request, sandboxId)).toBeUndefined();

  // Every waiting event goes out once, now, and is accepted: none was tried (so none failed) while paused.
  await expectWaitedThenSent(
    page.request,
    waiting.map((d) => d.id),
    fixedFrom,
  );
  const resolved = (await (await page.request.get(`/api/incidents/${incident!.id}`)).json()) as {
    state: string;
    timeline: Array<{ kind: string; message: string }>;
  };
  expect(resolved.state).toBe('resolved');
  expect(resolved.timeline.map((e) => e.kind)).toEqual(['opened', 'paused', 'resolved', 'resumed']);
  await page.goto(`/incidents/${incident!.id}`);
  await expect(
    page.getByText('Resolved by itself: SALESmanago accepted the credentials again.'),
  ).toBeVisible();
  await expectAccessible(page, 'a resolved incident');
});
