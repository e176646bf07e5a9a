'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False on the server and during hydration, true once React owns the page. Forms read it to keep their
 * controls read-only until then: text typed into the server's HTML before hydration is overwritten or
 * spliced by React's first render ("Second offerFirst offer"), so the field refuses it instead.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
