/**
 * Token buckets keyed by string (an IP, an origin, a user). In memory on purpose, per instance: they
 * guard hot paths where a database write per request would cost too much, and a limit that resets on
 * restart is acceptable for abuse protection (docs/architecture.md, "Per-instance state").
 */
export interface RateLimitDecision {
  ok: boolean;
  /** Whole seconds until one more request would be allowed (0 when ok). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  /** Takes one token when available. */
  take(key: string, now?: number): RateLimitDecision;
  /** Looks without taking. */
  peek(key: string, now?: number): RateLimitDecision;
  reset(key: string): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(opts: {
  capacity: number;
  refillPerMinute: number;
  maxKeys?: number;
}): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = opts.refillPerMinute / 60_000;
  const maxKeys = opts.maxKeys ?? 50_000;

  function current(key: string, now: number): Bucket {
    const b = buckets.get(key);
    if (!b) return { tokens: opts.capacity, at: now };
    return { tokens: Math.min(opts.capacity, b.tokens + (now - b.at) * perMs), at: now };
  }

  function decide(b: Bucket, taking: boolean): RateLimitDecision {
    if (b.tokens >= 1)
      return { ok: true, retryAfterSeconds: 0, remaining: Math.floor(b.tokens - (taking ? 1 : 0)) };
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)),
      remaining: 0,
    };
  }

  function store(key: string, b: Bucket): void {
    // Bounded memory: a flood of distinct keys evicts the oldest instead of growing without end.
    if (!buckets.has(key) && buckets.size >= maxKeys) {
      const oldest = buckets.keys().next().value;
      if (oldest !== undefined) buckets.delete(oldest);
    }
    buckets.delete(key);
    buckets.set(key, b);
  }

  return {
    take(key, now = Date.now()) {
      const b = current(key, now);
      const decision = decide(b, true);
      if (decision.ok) b.tokens -= 1;
      store(key, b);
      return decision;
    },
    peek(key, now = Date.now()) {
      return decide(current(key, now), false);
    },
    reset(key) {
      buckets.delete(key);
    },
  };
}
