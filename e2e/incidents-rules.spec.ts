// Incidents beyond the credentials: thresholds (admins, bad input refused), a pause by hand (marketers,
// with a note), a failure-rate incident from the sandbox's magic failure contact that resolves once the
// failures stop, and a website that goes silent, seen with the test clock. Each test uses an integration
// of its own on the sandbox's account, deleted at the end (which resolves what is still open).
import type { APIRequestContext, Page } from '@playwright/test';

import { apiAs, runToken, sendEvent } from './history-helpers';
import { HOUR, MINUTE, moveClock } from './support/clock';
import { DESKTOP, PHONE, SANDBOX_URL, storageStatePath } from './support/env';
import { expect, expectAccessible, failedLoad, snap, test } from './support/fixtures';
import { deliveryState, expectWaitedThenSent, incidentsOf, stopRetries } from './support/incidents';
import { sandboxCredentials } from './support/secrets';

const token = runToken('rules');
const created: number[] = [];

async function createShop(api: APIRequestContext, name: string, extra: Record<string, unknown> = {}) {
  const sb = await sandboxCredentials();
  const res = await api.post('/api/integrations', {
    data: {
      name: `${name} ${token}`,
      endpoint: SANDBOX_URL,
      clientId: sb.clientId,
      apiKey: sb.apiKey,
      apiSecret: sb.apiSecret,
      owner: 'owner@sandbox.example.com',
      ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: number };
  created.push(id);
  return id;
}

test.afterAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  await moveClock(api, { reset: true });
  for (const id of created) await api.delete(`/api/integrations/${id}`);
  await api.dispose();
});

test('admins set when incidents open; a threshold of 0 or a window over a day is refused and nothing is saved', async ({
  page,
  consoleErrors,
}) => {
  // The refusals below are the API's 422s, which Chromium logs as failed loads.
  consoleErrors.allow(failedLoad('/incident-thresholds', 422));
  const id = await createShop(page.request, 'Threshold shop');
  const path = `/api/integrations/${id}/incident-thresholds`;
  const defaults = await (await page.request.get(path)).json();
  expect(defaults).toEqual({
    failureRatePercent: 20,
    failureRateMinDeliveries: 20,
    failureRateWindowMinutes: 15,
    backlogMinutes: 15,
    websiteSilentHours: 6,
    snippetGoneHours: 24,
  });
  for (const [field, value] of [
    ['failureRatePercent', 0],
    ['backlogMinutes', -5],
    ['failureRateWindowMinutes', 1441],
    ['websiteSilentHours', 1.5],
  ] as const) {
    const res = await page.request.put(path, { data: { ...defaults, [field]: value } });
    expect(res.status(), field).toBe(422);
    expect((await res.json()).error.fieldErrors[field], field).toHaveLength(1);
  }
  expect((await page.request.put(path, { data: { failureRatePercent: 30 } })).status()).toBe(422);
  expect(
    (
      await page.request.put(path, {
        data: Buffer.from('not json'),
        headers: { 'content-type': 'application/json' },
      })
    ).status(),
  ).toBe(400);
  expect(await (await page.request.get(path)).json()).toEqual(defaults);

  await page.setViewportSize(DESKTOP);
  await page.goto(`/integrations/${id}`);
  const form = page.getByRole('form', { name: 'Incident thresholds' });
  await form.getByLabel('Failed share (%)').fill('0');
  await form.getByLabel('Within (minutes)').fill('1441');
  await form.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(form.getByText('The failure rate must be at least 1 %.')).toBeVisible();
  await expect(form.getByText('The window can be at most 1440 minutes (24 hours).')).toBeVisible();
  await expect(form.getByLabel('Failed share (%)')).toBeFocused();
  expect(await (await page.request.get(path)).json()).toEqual(defaults);
  await expectAccessible(page, 'thresholds with errors');
  await snap(page, 'incident-thresholds-refused');

  await form.getByLabel('Failed share (%)').fill('25');
  await form.getByLabel('Within (minutes)').fill('30');
  await form.getByLabel('Longer than (minutes)').fill('45');
  await form.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  expect(await (await page.request.get(path)).json()).toMatchObject({
    failureRatePercent: 25,
    failureRateWindowMinutes: 30,
    backlogMinutes: 45,
  });
  const audit = (await (await page.request.get('/api/audit?action=integration.incident')).json()) as {
    items: Array<{ summary: string; actorLabel: string }>;
  };
  expect(audit.items[0]).toMatchObject({
    actorLabel: 'admin@example.com',
    summary: `Incident thresholds of “Threshold shop ${token}”: failure rate % 20 → 25, window (minutes) 15 → 30, waiting (minutes) 15 → 45.`,
  });
  await snap(page, 'incident-thresholds');
  await page.setViewportSize(PHONE);
  await snap(page, 'incident-thresholds-phone');
});

test('a marketer pauses sending with a note: events wait and say why; resuming sends them', async ({
  browser,
  page,
  consoleErrors,
}) => {
  // The deliberate refusals (a note too long, a resume of what is not paused) are 4xx answers.
  consoleErrors.allow(failedLoad('/pause', 422));
  const id = await createShop(page.request, 'Pause shop');
  const key = await openCollector(page.request, id);
  const marketer = await browser.newContext({
    storageState: storageStatePath('marketer'),
    viewport: DESKTOP,
  });
  const m = await marketer.newPage();

  const tooLong = await m.request.post(`/api/integrations/${id}/pause`, {
    data: { reason: 'x'.repeat(501) },
  });
  expect(tooLong.status()).toBe(422);
  expect((await m.request.post(`/api/integrations/${id}/resume`)).status()).toBe(409);
  const unpaused = (await (await m.request.get(`/api/integrations/${id}`)).json()) as {
    sending: { paused: boolean };
  };
  expect(unpaused.sending.paused).toBe(false);

  await m.goto(`/integrations/${id}`);
  await m.getByRole('button', { name: 'Pause sending…' }).click();
  const dialog = m.getByRole('dialog', { name: `Pause sending to “Pause shop ${token}”?` });
  await dialog.getByLabel('Why').fill('SALESmanago maintenance tonight');
  await dialog.getByRole('button', { name: 'Pause sending' }).click();
  const notice = m.getByText(`Sending to “Pause shop ${token}” is paused by marketer@example.com.`);
  await expect(notice).toBeVisible();
  await expect(m.getByText('“SALESmanago maintenance tonight”.', { exact: false })).toBeVisible();
  // A marketer reads the thresholds; only admins change them.
  await expect(m.getByText('20 % or more of at least 20 deliveries within 15 minutes')).toBeVisible();
  await expect(m.getByRole('button', { name: 'Save thresholds' })).toHaveCount(0);
  await expectAccessible(m, 'a paused integration');
  await snap(m, 'paused-by-hand');
  await m.setViewportSize(PHONE);
  await snap(m, 'paused-by-hand-phone');
  await m.setViewportSize(DESKTOP);

  const waiting = await sendEvent(m.request, id, { type: 'VISIT', email: `${token}-paused@example.com` });
  expect(waiting.status).toBe('queued');
  // The website's events are still accepted, and wait too.
  await collect(page.request, key, `${token}-site@example.com`);
  const websiteStatuses = async () =>
    (
      (await (await m.request.get(`/api/deliveries?integrationId=${id}&source=website`)).json()) as {
        items: Array<{ status: string }>;
      }
    ).items.map((d) => d.status);
  expect(await websiteStatuses()).toEqual(['queued']);
  await m.goto(`/deliveries/${waiting.id}`);
  await expect(m.getByText('This event waits in the queue and goes out when sending resumes.')).toBeVisible();
  await m.goto(`/deliveries?integrationId=${id}`);
  await expect(m.getByText('Waits: sending paused by hand').first()).toBeVisible();
  expect((await deliveryState(m.request, waiting.id)).status).toBe('queued');

  await m.goto(`/integrations/${id}`);
  const resumedFrom = Date.now();
  await m.getByRole('button', { name: 'Resume sending' }).first().click();
  await expect(notice).toHaveCount(0);
  await expectWaitedThenSent(m.request, [waiting.id], resumedFrom);
  await expect.poll(websiteStatuses, { timeout: 15_000 }).toEqual(['succeeded']);
  const audit = (await (await page.request.get('/api/audit?action=integration.')).json()) as {
    items: Array<{ action: string; summary: string }>;
  };
  expect(audit.items.map((a) => a.summary)).toEqual(
    expect.arrayContaining([
      `Paused sending to “Pause shop ${token}”: SALESmanago maintenance tonight`,
      `Resumed sending to “Pause shop ${token}”.`,
    ]),
  );
  await marketer.close();
});

async function failedAnswers(request: APIRequestContext, integrationId: number): Promise<number> {
  const { items } = (await (
    await request.get(`/api/deliveries?integrationId=${integrationId}&limit=200`)
  ).json()) as {
    items: Array<{ attemptCount: number; status: string }>;
  };
  return items.filter((d) => d.status !== 'succeeded').reduce((n, d) => n + d.attemptCount, 0);
}

test('many failures open a failure-rate incident; it resolves once they stop; senders act on it, viewers read it', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const id = await createShop(page.request, 'Failing shop');
  // The sandbox answers HTTP 500 for this contact, every time (lib/sandbox/magic-contacts.ts).
  for (let i = 0; i < 25; i++)
    await sendEvent(page.request, id, {
      type: 'VISIT',
      email: 'sandbox+500@example.com',
      description: `${token}-${i}`,
    });
  // Stop their retries, so the failures stop here.
  await stopRetries(page.request, id);

  await moveClock(page.request, { advanceMs: MINUTE });
  const [incident] = await incidentsOf(page.request, id, 'open');
  expect(incident).toMatchObject({ cause: 'failure-rate', state: 'open' });
  expect(incident!.summary).toMatch(/^\d+ deliveries of the last \d+ failed within 15 minutes \(100 %\)\.$/);

  // The list and the incident, as everyone reads them.
  await page.setViewportSize(DESKTOP);
  await page.goto('/incidents');
  const card = page.getByRole('listitem').filter({ hasText: `Failing shop ${token}` });
  await expect(card).toContainText('Many deliveries are failing');
  await expect(card.getByRole('link', { name: /See the deliveries/ })).toHaveAttribute(
    'href',
    new RegExp(`integrationId=${id}.*status=failed%2Cretrying`),
  );
  await expect(page.getByRole('navigation', { name: 'Main' }).getByText('open incidents')).toBeAttached();
  await expectAccessible(page, 'the incidents list');
  await snap(page, 'incidents');
  await page.setViewportSize(PHONE);
  await snap(page, 'incidents-phone');
  await page.setViewportSize(DESKTOP);

  const viewer = await browser.newContext({ storageState: storageStatePath('viewer'), viewport: DESKTOP });
  const v = await viewer.newPage();
  await v.goto(`/incidents/${incident!.id}`);
  await expect(v.getByRole('heading', { level: 1 })).toHaveText('Many deliveries are failing');
  await expect(v.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(v.getByRole('button', { name: 'Resolve…' })).toHaveCount(0);
  expect((await v.request.post(`/api/incidents/${incident!.id}/acknowledge`)).status()).toBe(403);
  await viewer.close();

  const marketer = await browser.newContext({
    storageState: storageStatePath('marketer'),
    viewport: DESKTOP,
  });
  const m = await marketer.newPage();
  await m.goto(`/incidents/${incident!.id}`);
  await m.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(m.getByText('Acknowledged', { exact: true }).first()).toBeVisible();
  await expect(m.getByRole('list', { name: 'Timeline' })).toContainText(
    'Acknowledged by marketer@example.com.',
  );
  await expect(m.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expectAccessible(m, 'an acknowledged incident');
  await snap(m, 'incident-failure-rate');
  expect((await m.request.post(`/api/incidents/${incident!.id}/acknowledge`)).status()).toBe(409);
  // The same actions as PATCH /api/incidents/:id (product.md): a state it cannot become is a 422 that
  // says which, and acknowledging again is the same 409.
  const patch = (data: unknown) => m.request.patch(`/api/incidents/${incident!.id}`, { data });
  const wrong = await patch({ state: 'open' });
  expect(wrong.status()).toBe(422);
  expect((await wrong.json()).error.message).toContain('"acknowledged" or "resolved"');
  expect((await patch({ state: 'acknowledged' })).status()).toBe(409);
  await marketer.close();

  // The failures stopped; deliveries go through again, until failures are under 20 % of the window.
  const failed = await failedAnswers(page.request, id);
  for (let i = 0; i <= failed * 4; i++)
    await sendEvent(page.request, id, { type: 'VISIT', email: `${token}-ok-${i}@example.com` });
  await moveClock(page.request, { advanceMs: MINUTE });
  expect(await incidentsOf(page.request, id, 'open')).toEqual([]);
  const [past] = await incidentsOf(page.request, id, 'past');
  expect(past).toMatchObject({ id: incident!.id, state: 'resolved' });
  await page.goto(`/incidents/${incident!.id}`);
  await expect(
    page.getByText('Resolved by itself: the failure rate fell below the threshold.'),
  ).toBeVisible();
});

async function collect(request: APIRequestContext, key: string, email: string) {
  const res = await request.post(`/api/collect/${key}`, {
    headers: { origin: 'https://quiet.example.com', 'content-type': 'text/plain' },
    data: JSON.stringify({ type: 'VISIT', email }),
  });
  expect(res.status(), await res.text()).toBe(202);
}

/** Switches the integration's collector on for the specs' shop site; returns its key. */
async function openCollector(request: APIRequestContext, id: number): Promise<string> {
  const on = await request.patch(`/api/integrations/${id}`, {
    data: {
      collector: { enabled: true, allowedOrigins: ['https://quiet.example.com'], allowedTypes: ['VISIT'] },
    },
  });
  expect(on.status(), await on.text()).toBe(200);
  return ((await on.json()) as { collector: { key: string } }).collector.key;
}

test('a website that goes silent for six hours opens an incident (with the test clock)', async ({ page }) => {
  const id = await createShop(page.request, 'Quiet shop');
  const key = await openCollector(page.request, id);
  await collect(page.request, key, `${token}-visitor@example.com`);

  await moveClock(page.request, { advanceMs: MINUTE });
  expect(await incidentsOf(page.request, id, 'open')).toEqual([]);
  await moveClock(page.request, { advanceMs: 6 * HOUR });
  const [silent] = await incidentsOf(page.request, id, 'open');
  expect(silent).toMatchObject({
    cause: 'website-silent',
    summary: 'The website has sent no event for 6 hours.',
  });

  await openIncidentFromList(page, `Quiet shop ${token}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The website stopped sending events');
  await expect(page.getByText('Check that the website still loads the event snippet')).toBeVisible();
  await expectAccessible(page, 'a website-silent incident');
  await snap(page, 'incident-website-silent');

  // Back to the real time, the last website event is minutes old: the next check resolves it.
  await collect(page.request, key, `${token}-visitor@example.com`);
  await moveClock(page.request, { reset: true });
  expect(await incidentsOf(page.request, id, 'open')).toEqual([]);
  expect(await incidentsOf(page.request, id, 'past')).toMatchObject([{ id: silent!.id, state: 'resolved' }]);
});

async function openIncidentFromList(page: Page, integrationName: string) {
  await page.goto('/incidents');
  await page
    .getByRole('listitem')
    .filter({ hasText: integrationName })
    .getByRole('link', { name: /Details and what to do/ })
    .click();
}
