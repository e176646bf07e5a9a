import { afterEach, describe, expect, it, vi } from 'vitest';

import { deadline } from './deadline';

describe('deadline', () => {
  afterEach(() => vi.useRealTimers());

  it('aborts its signal when the time is up, and says it expired', () => {
    vi.useFakeTimers();
    const limit = deadline(1_000);
    vi.advanceTimersByTime(999);
    expect(limit.signal.aborted).toBe(false);
    expect(limit.expired()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(limit.signal.aborted).toBe(true);
    expect(limit.expired()).toBe(true);
  });

  it('never fires once cleared', () => {
    vi.useFakeTimers();
    const limit = deadline(1_000);
    limit.clear();
    vi.advanceTimersByTime(5_000);
    expect(limit.signal.aborted).toBe(false);
    expect(limit.expired()).toBe(false);
  });
});
