import vm from 'node:vm';
import v8 from 'node:v8';

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, or nothing where the runtime does not allow it. For work that allocates
 * far faster than it keeps (a CSV import, the delivery thread's batches): V8 lets the old generation grow
 * to several times the live heap before collecting it, and that shows as RSS.
 */
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
