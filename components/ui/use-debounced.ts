'use client';

import { useEffect, useState } from 'react';

/**
 * The value once it has stopped changing for `ms`. For inputs whose every keystroke would otherwise
 * start a request (re-reading a CSV for the mapping preview, re-rendering the monitoring code).
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
