'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * The reader's own time zone (an IANA name like Europe/Warsaw). The server does not know where the reader
 * is: on the server and during hydration this is `serverGuess` (null by default, or a zone the browser
 * told the server before), then the browser's zone, so the server's HTML and the first render agree.
 */
export function useBrowserZone(serverGuess: string | null = null): string | null {
  return useSyncExternalStore(
    never,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => serverGuess,
  );
}
