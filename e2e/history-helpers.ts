// Shared by the history and sandbox specs: deliveries are made through the real JSON API, as an
// integrator's script would make them.
import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';

import type { DeliveryDetail } from '@/lib/data/deliveries';
import { BASE_URL, storageStatePath } from './support/env';
import { expect } from './support/fixtures';

export { sandboxIntegrationId } from './support/api';

/** A marker unique to this run: put into contacts and external IDs, a spec finds its own deliveries by it. */
export function runToken(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** An API client signed in as `role`, for a spec's beforeAll (test fixtures are not available there). */
export function apiAs(playwright: PlaywrightWorkerArgs['playwright'], role: 'admin' | 'marketer' | 'viewer') {
  return playwright.request.newContext({ baseURL: BASE_URL, storageState: storageStatePath(role) });
}

/** Composes and sends one event, as the composer's API does; answers with the new delivery. */
export async function sendEvent(
  request: APIRequestContext,
  integrationId: number,
  event: Record<string, unknown>,
): Promise<DeliveryDetail> {
  const res = await request.post(`/api/integrations/${integrationId}/events`, { data: event });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as DeliveryDetail;
}
