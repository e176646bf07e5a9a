/**
 * When to try a failed delivery again. Only transient failures are retried (timeouts, refused or reset
 * connections, DNS, HTTP 5xx and 429, malformed answers); a refusal from SALESmanago is final, because
 * the same request would be refused again.
 */
export const RETRY_DELAYS_MS = [10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000] as const;

/** The first attempt plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

const JITTER = 0.2;

export type RetryPlan =
  { status: 'retrying'; nextAttemptAt: number } | { status: 'failed'; exhausted: boolean };

/**
 * @param attemptCount attempts made so far, including the one that just failed
 * @param random a number in [0, 1); injected so tests are exact
 */
export function planAfterFailure(input: {
  outcome: 'rejected' | 'transient';
  attemptCount: number;
  now: number;
  retryAfterMs?: number;
  random?: number;
}): RetryPlan {
  if (input.outcome === 'rejected') return { status: 'failed', exhausted: false };
  const base = RETRY_DELAYS_MS[input.attemptCount - 1];
  if (base === undefined) return { status: 'failed', exhausted: true };
  // ±20% jitter spreads retries of many deliveries that failed together (an outage) over time.
  const jittered = base * (1 - JITTER + 2 * JITTER * (input.random ?? Math.random()));
  // SALESmanago's own Retry-After wins when it asks for more patience than our schedule.
  const delay = Math.max(Math.round(jittered), input.retryAfterMs ?? 0);
  return { status: 'retrying', nextAttemptAt: input.now + delay };
}
