/** Messages between the main thread and the delivery thread. */
export const THREAD_WAKE = 'wake';
export const THREAD_STOP = 'stop';

/** How often the delivery thread copies the WAL back into the database (the main thread does not). */
export const CHECKPOINT_EVERY_MS = 1000;

export interface ThreadData {
  /** The collector's load counters (foreground.ts), written by the main thread. */
  foreground: SharedArrayBuffer;
}
