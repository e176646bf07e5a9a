'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False in the server's HTML and while React hydrates it, true once React owns the page. A form whose
 * inputs are controlled turns its fields off until then: what someone types into the server's HTML is
 * overwritten by the first render (the composer's description once read "Second offerFirst offer").
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
