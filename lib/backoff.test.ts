import { describe, expect, it } from 'vitest';

import { createBackoff } from './backoff';

describe('createBackoff', () => {
  const opts = { free: 3, baseMs: 1000, capMs: 8000, forgetMs: 60_000 };

  it('lets the free failures through, then doubles the wait after each further failure, up to the cap', () => {
    const b = createBackoff(opts);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      now += b.waitMs('k', now); // a patient client waits exactly as long as asked, then fails again
      b.fail('k', now);
      waits.push(b.waitMs('k', now));
    }
    // The wait before attempts 2…9: three failures are free.
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('counts down while the clock runs', () => {
    const b = createBackoff(opts);
    for (let i = 0; i < 4; i++) b.fail('k', 0);
    expect(b.waitMs('k', 500)).toBe(1500);
    expect(b.waitMs('k', 2000)).toBe(0);
  });

  it('forgets a key after a quiet period, and on reset', () => {
    const b = createBackoff(opts);
    for (let i = 0; i < 6; i++) b.fail('a', 0);
    for (let i = 0; i < 6; i++) b.fail('b', 0);
    expect(b.waitMs('a', 59_999)).toBe(0); // the wait itself is over, the count is not forgotten yet
    b.fail('a', 59_999);
    expect(b.waitMs('a', 59_999)).toBe(8000);
    expect(b.waitMs('b', 60_000)).toBe(0);
    b.fail('b', 60_000);
    expect(b.waitMs('b', 60_000)).toBe(0); // starts over: one failure is free
    b.reset('a');
    expect(b.waitMs('a', 60_000)).toBe(0);
  });

  it('keeps keys apart and its memory bounded', () => {
    const b = createBackoff({ ...opts, maxKeys: 2 });
    for (const k of ['x', 'y', 'z']) for (let i = 0; i < 4; i++) b.fail(k, 0);
    expect(b.waitMs('x', 0)).toBe(0); // evicted, the oldest
    expect(b.waitMs('z', 0)).toBe(2000);
  });
});
