/**
 * Failures counted per key (an account, an address, a device), answered with growing waits instead
 * of a long hard block: the first `free` failures cost nothing, then each further attempt must wait
 * `baseMs · 2^(failures − free)`, capped at `capMs`. A key with no failure for `forgetMs` starts over.
 * In memory, per process (see docs/architecture.md, "Sign-in limits").
 */
export interface BackoffOptions {
  free: number;
  baseMs: number;
  capMs: number;
  forgetMs: number;
  maxKeys?: number;
}

export interface Backoff {
  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): number;
  fail(key: string, now: number): void;
  reset(key: string): void;
}

interface Failures {
  count: number;
  lastAt: number;
}

export function createBackoff(opts: BackoffOptions): Backoff {
  const entries = new Map<string, Failures>();
  const maxKeys = opts.maxKeys ?? 50_000;

  function current(key: string, now: number): Failures | undefined {
    const f = entries.get(key);
    if (f && now - f.lastAt >= opts.forgetMs) {
      entries.delete(key);
      return undefined;
    }
    return f;
  }

  return {
    waitMs(key, now) {
      const f = current(key, now);
      if (!f || f.count < opts.free) return 0;
      const delay = Math.min(opts.capMs, opts.baseMs * 2 ** (f.count - opts.free));
      return Math.max(0, f.lastAt + delay - now);
    },
    fail(key, now) {
      const count = (current(key, now)?.count ?? 0) + 1;
      // Bounded memory: a flood of distinct keys evicts the oldest instead of growing without end.
      if (!entries.has(key) && entries.size >= maxKeys) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.delete(key);
      entries.set(key, { count, lastAt: now });
    },
    reset(key) {
      entries.delete(key);
    },
  };
}
