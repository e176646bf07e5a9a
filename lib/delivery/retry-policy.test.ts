import { describe, expect, it } from 'vitest';

import { MAX_ATTEMPTS, planAfterFailure, RETRY_DELAYS_MS } from './retry-policy';

describe('planAfterFailure', () => {
  it('never retries a refusal', () => {
    expect(planAfterFailure({ outcome: 'rejected', attemptCount: 1, now: 0 })).toEqual({
      status: 'failed',
      exhausted: false,
    });
  });

  it('follows the schedule 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, then gives up', () => {
    const delays = RETRY_DELAYS_MS.map((_, i) => {
      const plan = planAfterFailure({ outcome: 'transient', attemptCount: i + 1, now: 1000, random: 0.5 });
      expect(plan.status).toBe('retrying');
      return plan.status === 'retrying' ? plan.nextAttemptAt - 1000 : -1;
    });
    expect(delays).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]);
    expect(
      planAfterFailure({ outcome: 'transient', attemptCount: MAX_ATTEMPTS, now: 0, random: 0.5 }),
    ).toEqual({
      status: 'failed',
      exhausted: true,
    });
  });

  it('jitters by at most 20% either way', () => {
    const low = planAfterFailure({ outcome: 'transient', attemptCount: 1, now: 0, random: 0 });
    const high = planAfterFailure({ outcome: 'transient', attemptCount: 1, now: 0, random: 0.999999 });
    expect(low).toEqual({ status: 'retrying', nextAttemptAt: 8000 });
    expect(high.status === 'retrying' && high.nextAttemptAt).toBeCloseTo(12_000, -1);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(
      planAfterFailure({ outcome: 'transient', attemptCount: 1, now: 0, random: 0.5, retryAfterMs: 120_000 }),
    ).toEqual({
      status: 'retrying',
      nextAttemptAt: 120_000,
    });
  });
});
