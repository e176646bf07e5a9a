/**
 * How busy the public collector is right now. Delivery is background work: while shop pages are
 * posting events at a high rate, the worker sends less often (never less than one pass every
 * MAX_DEFER_MS), so the collector keeps answering fast; the queue absorbs the burst and nothing is lost.
 */
const WINDOW_MS = 250;
/** More than this many collector requests in a window means a burst (about 400 a second). */
const BUSY_THRESHOLD = 100;
export const MAX_DEFER_MS = 250;
/**
 * During a burst the worker still sends, in small slices: one batch of at most this many events at a
 * time, at most every MAX_DEFER_MS (some 400 events a second). A 400-event batch holds the event loop
 * for a few hundred ms on a small machine (building, recording and settling it), and every collector
 * request waiting behind it pays that as latency.
 */
export const BUSY_BATCH_SIZE = 100;

const globalForForeground = globalThis as unknown as {
  __smForeground?: { windowStart: number; count: number; last: number };
};
const state = (globalForForeground.__smForeground ??= { windowStart: 0, count: 0, last: 0 });

export function noteForegroundRequest(now = Date.now()): void {
  if (now - state.windowStart > WINDOW_MS) {
    state.last = state.count;
    state.windowStart = now;
    state.count = 0;
  }
  state.count++;
}

export function foregroundBusy(now = Date.now()): boolean {
  if (now - state.windowStart > 2 * WINDOW_MS) return false;
  return Math.max(state.count, state.last) > BUSY_THRESHOLD;
}
