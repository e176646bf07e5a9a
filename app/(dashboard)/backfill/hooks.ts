'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * The reader's own time zone, the default for dates written without one. Null on the server and during
 * hydration (the server does not know where the reader is), then the browser's zone.
 */
export function useBrowserZone(): string | null {
  return useSyncExternalStore(
    never,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}

/** Time zones this browser knows, with the reader's own and UTC always present. Empty before hydration. */
export function useTimeZones(current: string | null): string[] {
  const zone = useBrowserZone();
  if (!zone) return [];
  const all = new Set(Intl.supportedValuesOf('timeZone'));
  for (const z of ['UTC', zone, current]) if (z) all.add(z);
  return [...all].sort();
}
