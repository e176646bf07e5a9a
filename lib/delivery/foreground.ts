/**
 * How busy the public collector is right now. Delivery is background work: while shop pages are
 * posting events at a high rate, the worker sends less often (never less than one pass every
 * MAX_DEFER_MS), so the collector keeps answering fast; the queue absorbs the burst and nothing is lost.
 *
 * The collector counts on the main thread and the worker reads on its own thread, so the counters live
 * in shared memory (three numbers; a torn read only misjudges one pass, which the next one corrects).
 */
const WINDOW_MS = 250;
/** More than this many collector requests in a window means a burst (about 400 a second). */
const BUSY_THRESHOLD = 100;
export const MAX_DEFER_MS = 250;
/**
 * During a burst the worker still sends, in small slices: one batch of at most this many events at a
 * time, at most every MAX_DEFER_MS (some 400 events a second). Each batch also costs the main thread
 * (the in-process sandbox parses and stores it there), and every collector request waiting behind that
 * pays it as latency.
 */
export const BUSY_BATCH_SIZE = 100;

const WINDOW_START = 0;
const COUNT = 1;
const LAST = 2;

const globalForForeground = globalThis as unknown as { __smForeground?: Float64Array };
const state = () => (globalForForeground.__smForeground ??= new Float64Array(3));

/** Moves the counters to shared memory and returns it, for the delivery thread to read. */
export function shareForegroundState(): SharedArrayBuffer {
  const current = state();
  if (current.buffer instanceof SharedArrayBuffer) return current.buffer;
  const shared = new Float64Array(new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT));
  shared.set(current);
  globalForForeground.__smForeground = shared;
  return shared.buffer as SharedArrayBuffer;
}

/** On the delivery thread: read the counters the main thread writes. */
export function adoptSharedForegroundState(buffer: SharedArrayBuffer): void {
  globalForForeground.__smForeground = new Float64Array(buffer);
}

export function noteForegroundRequest(now = Date.now()): void {
  const s = state();
  if (now - s[WINDOW_START]! > WINDOW_MS) {
    s[LAST] = s[COUNT]!;
    s[WINDOW_START] = now;
    s[COUNT] = 0;
  }
  s[COUNT] = s[COUNT]! + 1;
}

export function foregroundBusy(now = Date.now()): boolean {
  const s = state();
  if (now - s[WINDOW_START]! > 2 * WINDOW_MS) return false;
  return Math.max(s[COUNT]!, s[LAST]!) > BUSY_THRESHOLD;
}
