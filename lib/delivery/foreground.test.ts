import { describe, expect, it } from 'vitest';

import {
  adoptSharedForegroundState,
  foregroundBusy,
  noteForegroundRequest,
  shareForegroundState,
} from './foreground';

describe('foreground load', () => {
  it('is busy during a burst of collector requests and calm again shortly after', () => {
    const t = 5_000_000;
    expect(foregroundBusy(t)).toBe(false);
    for (let i = 0; i < 150; i++) noteForegroundRequest(t + i);
    expect(foregroundBusy(t + 200)).toBe(true);
    // A new window keeps the last one's count for a moment, then the burst is over.
    noteForegroundRequest(t + 300);
    expect(foregroundBusy(t + 320)).toBe(true);
    expect(foregroundBusy(t + 1000)).toBe(false);
  });

  it('a steady trickle is not a burst', () => {
    const t = 9_000_000;
    for (let i = 0; i < 20; i++) noteForegroundRequest(t + i * 10);
    expect(foregroundBusy(t + 200)).toBe(false);
  });
});

describe('foreground load shared with the delivery thread', () => {
  it('a reader of the shared memory sees the counts the collector notes, and the counts survive sharing', () => {
    const t = 13_000_000;
    for (let i = 0; i < 60; i++) noteForegroundRequest(t + i);
    const buffer = shareForegroundState();
    expect(shareForegroundState()).toBe(buffer);
    for (let i = 0; i < 60; i++) noteForegroundRequest(t + 100 + i);
    // What the delivery thread does with the buffer it is given: its own view of the same memory.
    const view = new Float64Array(buffer);
    expect(view[1]).toBe(120);
    expect(foregroundBusy(t + 200)).toBe(true);
    adoptSharedForegroundState(buffer);
    expect(foregroundBusy(t + 200)).toBe(true);
  });
});
