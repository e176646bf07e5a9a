import type { APIRequestContext } from '@playwright/test';

import { expect } from './fixtures';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * Moves the server's timers' clock (lib/clock.ts; the e2e server runs with TEST_CLOCK=1) and waits for
 * the ticks then due to run. `{ reset: true }` goes back to the real time; a spec that moved the clock
 * resets it in afterAll, so the specs after it see a clock that agrees with their data.
 */
export async function moveClock(
  request: APIRequestContext,
  change: { advanceMs: number } | { reset: true },
): Promise<{ now: number; ran: string[] }> {
  const res = await request.post('/api/test/clock', { data: change });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { now: number; ran: string[] };
}
