'use client';

import { useEffect, useSyncExternalStore } from 'react';

import type { parseEvent } from '@/lib/validations/event';

// The composer checks the event with the API's own schema (lib/validations/event.ts), which brings zod,
// the largest library of the screen. Nothing needs the check while the page loads: errors show only after
// a first send, and the request preview only with Technical details on. So the checker is fetched when
// the reader starts on the form (the screen preloads it on the first focus), and a render that needs it
// subscribes; a send that comes sooner waits for it (loadEventParser). Measured with the check in the
// first render, or in a second render once loaded, the composer's mobile Lighthouse score was lower: a
// second render of the whole form is a long task of its own.

type Parse = typeof parseEvent;

let parse: Parse | null = null;
let loading: Promise<Parse> | null = null;
const listeners = new Set<() => void>();

export function loadEventParser(): Promise<Parse> {
  loading ??= import('@/lib/validations/event').then((m) => {
    parse = m.parseEvent;
    listeners.forEach((l) => l());
    return m.parseEvent;
  });
  return loading;
}

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}
const nothing = () => () => undefined;

/**
 * The event checker while `needed` (loaded on demand), else null: a screen that does not show the
 * check yet does not render again when it arrives. Null on the server and during hydration too.
 */
export function useEventParser(needed: boolean): Parse | null {
  useEffect(() => {
    if (needed) void loadEventParser();
  }, [needed]);
  return useSyncExternalStore(
    needed ? subscribe : nothing,
    () => (needed ? parse : null),
    () => null,
  );
}
