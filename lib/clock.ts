import { config } from './config';

/**
 * The time the console's timers read (lib/jobs/schedule.ts and what they run). It is the real clock,
 * except in the end-to-end suite: a server started with TEST_CLOCK=1 lets a test move it forward
 * (POST /api/test/clock), so "nothing for six hours" can be tested in seconds. Deliveries, sessions and
 * everything else keep reading Date.now(). The offset lives on globalThis because the custom server and
 * Next's bundles are separate module graphs in one process.
 */
const globalForClock = globalThis as unknown as { __smClockOffsetMs?: number };

export function clockNow(): number {
  return Date.now() + (globalForClock.__smClockOffsetMs ?? 0);
}

/**
 * Moves the timers' clock by `ms` (back to the real time with `reset`). Refused unless TEST_CLOCK=1:
 * in production there is nothing to move.
 */
export function moveTestClock(change: { advanceMs: number } | { reset: true }): number {
  if (!config().testClock) throw new Error('The test clock is off (TEST_CLOCK is not 1).');
  globalForClock.__smClockOffsetMs =
    'reset' in change ? 0 : (globalForClock.__smClockOffsetMs ?? 0) + change.advanceMs;
  return clockNow();
}
