import { describe, expect, it } from 'vitest';

import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows up to capacity, then refuses with a retry time', () => {
    const rl = createRateLimiter({ capacity: 3, refillPerMinute: 60 });
    const t = 1_000_000;
    expect(rl.take('a', t).ok).toBe(true);
    expect(rl.take('a', t).ok).toBe(true);
    expect(rl.take('a', t).remaining).toBe(0);
    const refused = rl.take('a', t);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterSeconds).toBe(1);
  });

  it('refills over time and keeps keys apart', () => {
    const rl = createRateLimiter({ capacity: 1, refillPerMinute: 6 });
    expect(rl.take('a', 0).ok).toBe(true);
    expect(rl.take('a', 0).ok).toBe(false);
    expect(rl.take('b', 0).ok).toBe(true);
    expect(rl.take('a', 9_000).ok).toBe(false);
    expect(rl.take('a', 10_001).ok).toBe(true);
  });

  it('peek does not consume', () => {
    const rl = createRateLimiter({ capacity: 1, refillPerMinute: 1 });
    expect(rl.peek('a', 0).ok).toBe(true);
    expect(rl.peek('a', 0).ok).toBe(true);
    expect(rl.take('a', 0).ok).toBe(true);
    expect(rl.peek('a', 0)).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  });

  it('evicts the oldest key when full', () => {
    const rl = createRateLimiter({ capacity: 1, refillPerMinute: 1, maxKeys: 2 });
    rl.take('a', 0);
    rl.take('b', 0);
    rl.take('c', 0);
    expect(rl.take('a', 0).ok).toBe(true);
    expect(rl.take('c', 0).ok).toBe(false);
  });
});
