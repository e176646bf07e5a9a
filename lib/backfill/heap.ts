// Why a backfill asks for a full garbage collection now and then: every row goes through parseEvent, which
// allocates about 20 KB, so a 100,000-row file allocates some 2 GB in a few seconds. The few rows waiting
// in the reader at each young-generation collection get promoted, and V8 lets the old generation grow to
// about four times the live heap before collecting it: in the console's process that is 100+ MB of dead
// rows (measured with --trace-gc). A full collection every few thousand rows (a few ms each, between
// chunks) keeps the growth to one interval's worth, so a file's size no longer shows in the RSS.
import vm from 'node:vm';
import v8 from 'node:v8';

export const ROWS_BETWEEN_COLLECTIONS = 20_000;

let collect: (() => void) | null | undefined;

/** A full collection, or nothing where the runtime does not allow it. */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      // The documented flag, turned on for new contexts only: the console's own global gets no `gc`.
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/** Counts rows and collects after every ROWS_BETWEEN_COLLECTIONS of them. */
export function gcPacer(every = ROWS_BETWEEN_COLLECTIONS): (rows: number) => void {
  let since = 0;
  return (rows) => {
    since += rows;
    if (since < every) return;
    since = 0;
    collectGarbage();
  };
}
