'use client';

import { useState } from 'react';

/**
 * True from the first render in which `open` is true. A dialog whose code is loaded on demand
 * (next/dynamic) is mounted the first time someone opens it, so it is not part of the page's first load,
 * and then stays mounted, so the native <dialog> closes itself and hands the focus back to its opener.
 */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}
