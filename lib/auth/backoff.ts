import 'server-only';

import { addFailure, clearFailures, readFailures, type Failures } from '@/lib/data/failure-counts';

/**
 * Failures counted per key (an account, an address, a device), answered with growing waits instead
 * of a long hard block: the first `free` failures cost nothing, then each further attempt must wait
 * `baseMs · 2^(failures − free)`, capped at `capMs`. A key with no failure for `forgetMs` starts over.
 * The counts live in the database (lib/data/failure-counts.ts), on both engines: a restart keeps them,
 * and every instance on one PostgreSQL counts the same failures (docs/architecture.md, "Sign-in limits").
 */
export interface BackoffOptions {
  free: number;
  baseMs: number;
  capMs: number;
  forgetMs: number;
}

export interface Backoff {
  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): Promise<number>;
  fail(key: string, now: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/** The wait the arithmetic above gives for a key's failures at `now` (0 once they are forgotten). */
function backoffWaitMs(opts: BackoffOptions, f: Failures | undefined, now: number): number {
  if (!f || now - f.lastAt >= opts.forgetMs || f.count < opts.free) return 0;
  const delay = Math.min(opts.capMs, opts.baseMs * 2 ** (f.count - opts.free));
  return Math.max(0, f.lastAt + delay - now);
}

/** A backoff whose keys are counted under `scope`, apart from every other scope's. */
export function createBackoff(scope: string, opts: BackoffOptions): Backoff {
  return {
    waitMs: async (key, now) => backoffWaitMs(opts, await readFailures(scope, key), now),
    fail: (key, now) => addFailure(scope, key, now, opts.forgetMs),
    reset: (key) => clearFailures(scope, key),
  };
}
