import type { APIRequestContext } from '@playwright/test';

import { moveClock } from './clock';
import { expect } from './fixtures';

/** An incident as GET /api/incidents lists it (the fields the specs look at). */
export interface IncidentItem {
  id: number;
  integrationId: number;
  cause: string;
  state: string;
  summary: string;
}

/**
 * One integration's incidents, open (open and acknowledged) or past (resolved), newest first. Asked of the
 * API per integration, so the other specs' incidents never push these off its first page.
 */
export async function incidentsOf(
  request: APIRequestContext,
  integrationId: number,
  state: 'open' | 'past',
): Promise<IncidentItem[]> {
  const res = await request.get(`/api/incidents?state=${state}&integrationId=${integrationId}`);
  return ((await res.json()) as { items: IncidentItem[] }).items;
}

/**
 * Stops every retry waiting on an integration (bulk-cancel), and waits until it is done. Also for what
 * other specs left on the Sandbox (a `sandbox+500` delivery retries for hours): a spec that moves the
 * clock hours ahead makes those due, and the worker batches them with the spec's own events; the sandbox
 * then fails the whole batch, and an event the spec expects to go out once needs a second attempt.
 */
export async function stopRetries(request: APIRequestContext, integrationId: number) {
  const stop = await request.post('/api/deliveries/bulk-cancel', {
    data: { filters: { integrationId: String(integrationId) } },
  });
  expect(stop.status(), await stop.text()).toBe(202);
  const job = ((await stop.json()) as { job: { id: number } }).job.id;
  await expect
    .poll(async () => ((await (await request.get(`/api/jobs/${job}`)).json()) as { status: string }).status)
    .toBe('succeeded');
}

/** The integration's unresolved credentials incident, if any. */
export async function openCredentialsIncident(
  request: APIRequestContext,
  integrationId: number,
): Promise<IncidentItem | undefined> {
  return (await incidentsOf(request, integrationId, 'open')).find((i) => i.cause === 'credentials');
}

/**
 * A delivery's status and when each of its attempts started, as the history's API tells them: an event
 * that waited out a pause has no attempt before sending resumed, and one attempt after it.
 */
export async function deliveryState(
  request: APIRequestContext,
  id: number,
): Promise<{ status: string; attemptsStartedAt: number[] }> {
  const { status, attempts } = (await (await request.get(`/api/deliveries/${id}`)).json()) as {
    status: string;
    attempts: Array<{ startedAt: number }>;
  };
  return { status, attemptsStartedAt: attempts.map((a) => a.startedAt) };
}

/**
 * Each delivery ends succeeded after exactly one attempt, started at `from` or later: it waited while
 * sending was paused (never tried, so never failed) and went out once sending resumed. Deterministic where
 * "still queued a few seconds later" was a guess at how long the worker takes to misbehave.
 */
export async function expectWaitedThenSent(request: APIRequestContext, ids: number[], from: number) {
  for (const id of ids) {
    await expect
      .poll(async () => (await deliveryState(request, id)).status, { timeout: 20_000 })
      .toBe('succeeded');
    const { attemptsStartedAt } = await deliveryState(request, id);
    expect(attemptsStartedAt, `delivery ${id}`).toHaveLength(1);
    expect(attemptsStartedAt[0], `delivery ${id}`).toBeGreaterThanOrEqual(from);
  }
}

/**
 * The end of a spec that rotated the sandbox account's secret and moved the clock: back to the real time
 * first, then the account and the Sandbox integration agree on `secret` again, verified. In that order the
 * last check is on the real clock, so the next spec's scheduled check is six hours away, as on a fresh console.
 */
export async function restoreSandboxSecret(api: APIRequestContext, sandboxId: number, secret: string) {
  await moveClock(api, { reset: true });
  await api.put('/api/sandbox/account/secret', { data: { apiSecret: secret } });
  await api.patch(`/api/integrations/${sandboxId}`, { data: { apiSecret: secret } });
  await api.post(`/api/integrations/${sandboxId}/verify`);
}
