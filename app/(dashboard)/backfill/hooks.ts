'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';

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

/** The value once it has stopped changing for `ms`: typing in the mapping should not re-read the file per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
