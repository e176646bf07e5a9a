/** Messages between the main thread and the delivery thread. */
export const THREAD_WAKE = 'wake';
export const THREAD_STOP = 'stop';

export interface ThreadData {
  /** The collector's load counters (foreground.ts), written by the main thread. */
  foreground: SharedArrayBuffer;
}
