import 'server-only';

import { isMainThread } from 'node:worker_threads';

/**
 * Whose turn it is to write the SQLite file, between the process's two threads (the main thread and the
 * delivery thread, each with a connection of its own).
 *
 * SQLite's lock keeps them correct without this. But a connection that finds the lock taken waits in
 * busy_timeout's sleeps (1, 2, 5, 10, 15, 20, 25, … ms), blocking its thread and waking up to tens of ms
 * after the lock came free. Measured in the delivery benchmark: the main thread (whose sandbox answers the
 * worker's batches) spent a third of the run asleep in BEGIN IMMEDIATE, its event loop stopped, while the
 * worker waited for the sandbox's answers. A turn is waited for without blocking (Atomics.waitAsync): the
 * thread's event loop goes on, and the releaser hands the turn straight to a waiting thread and wakes it.
 *
 * One Int32 in shared memory: the holder's tag in bits 0–1 (0 when free) and a "waiting" bit per tag.
 * Every change is one compare-and-swap of the whole word. It only orders the threads' transactions; a turn
 * not had within TURN_WAIT_MS is given up, and the transaction goes on under SQLite's busy timeout as
 * before, so a thread that ended holding the turn (the host releases it too) can never stall the other.
 * Within a thread, the connection's gate (db/sqlite-gate.ts) already lets one transaction at a time ask.
 */
const MAIN = 1;
const THREAD = 2;
const HOLDER = 0b11;
const waitingBit = (tag: number) => tag << 2;
const other = (tag: number) => (tag === MAIN ? THREAD : MAIN);
/** Longer than any transaction here takes, shorter than a stuck one is worth waiting for. */
export const TURN_WAIT_MS = 5_000;

const globalForTurn = globalThis as unknown as { __smWriteTurn?: Int32Array };

/** On the main thread: the turn's shared word, made on first use, for the delivery thread's data. */
export function shareWriteTurn(): SharedArrayBuffer {
  globalForTurn.__smWriteTurn ??= new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  return globalForTurn.__smWriteTurn.buffer as SharedArrayBuffer;
}

/** On the delivery thread: take turns with the main thread through its word. */
export function adoptWriteTurn(buffer: SharedArrayBuffer): void {
  globalForTurn.__smWriteTurn = new Int32Array(buffer);
}

const noTurn = () => {};

/**
 * Waits for this thread's turn to write (at once when the other thread is not writing) and answers the
 * function that ends it. Without a shared word (no delivery thread, or PostgreSQL) there is nothing to wait
 * for. `tag` and `waitMs` are for tests; the tag is otherwise the calling thread's.
 */
export async function takeWriteTurn(
  tag = isMainThread ? MAIN : THREAD,
  waitMs = TURN_WAIT_MS,
): Promise<() => void> {
  const word = globalForTurn.__smWriteTurn;
  if (!word) return noTurn;
  const deadline = performance.now() + waitMs;
  for (;;) {
    const s = Atomics.load(word, 0);
    const holder = s & HOLDER;
    // Free, or handed to this thread by the last holder: take it, no longer waiting.
    if (holder === 0 || holder === tag) {
      const taken = (s & ~HOLDER & ~waitingBit(tag)) | tag;
      if (Atomics.compareExchange(word, 0, s, taken) === s) return () => releaseWriteTurn(word, tag);
      continue;
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      // Given up: stop waiting, unless the turn was handed over meanwhile (then the loop takes it).
      if (Atomics.compareExchange(word, 0, s, s & ~waitingBit(tag)) === s) return noTurn;
      continue;
    }
    const waiting = s | waitingBit(tag);
    if (waiting !== s && Atomics.compareExchange(word, 0, s, waiting) !== s) continue;
    const wait = Atomics.waitAsync(word, 0, waiting, left);
    if (wait.async) await wait.value;
  }
}

/** Ends `tag`'s turn: handed to the other thread when it waits, else free; the waiter is woken. */
function releaseWriteTurn(word: Int32Array, tag: number): void {
  for (;;) {
    const s = Atomics.load(word, 0);
    if ((s & HOLDER) !== tag) return; // not this thread's (any more)
    const next =
      s & waitingBit(other(tag)) ? (s & ~HOLDER & ~waitingBit(other(tag))) | other(tag) : s & ~HOLDER;
    if (Atomics.compareExchange(word, 0, s, next) === s) {
      Atomics.notify(word, 0);
      return;
    }
  }
}

/** The host, when the delivery thread has ended: a turn it held is released, for the main thread. */
export function releaseThreadTurn(): void {
  const word = globalForTurn.__smWriteTurn;
  if (word) releaseWriteTurn(word, THREAD);
}
