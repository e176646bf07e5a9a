'use client';

import { useBrowserZone } from '@/components/ui/use-browser-zone';

/** Time zones this browser knows, with the reader's own and UTC always present. Empty before hydration. */
export function useTimeZones(current: string | null): string[] {
  const zone = useBrowserZone();
  if (!zone) return [];
  const all = new Set(Intl.supportedValuesOf('timeZone'));
  for (const z of ['UTC', zone, current]) if (z) all.add(z);
  return [...all].sort();
}
