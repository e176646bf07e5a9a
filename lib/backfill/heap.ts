// Why a backfill asks for a full garbage collection now and then: every row goes through parseEvent, which
// allocates about 20 KB, so a 100,000-row file allocates some 2 GB in a few seconds. The few rows waiting
// in the reader at each young-generation collection get promoted, and V8 lets the old generation grow to
// about four times the live heap before collecting it: in the console's process that is 100+ MB of dead
// rows (measured with --trace-gc). A full collection every few thousand rows (a few ms each, between
// chunks) keeps the growth to one interval's worth, so a file's size no longer shows in the RSS.
import { collectGarbage } from '@/lib/heap';

export const ROWS_BETWEEN_COLLECTIONS = 20_000;

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
