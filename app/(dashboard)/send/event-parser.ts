'use client';

import { useEffect, useSyncExternalStore } from 'react';

import type { parseEvent } from '@/lib/validations/event';

// The composer checks every keystroke with the API's own schema (lib/validations/event.ts), which brings
// zod, the largest library of the screen. It loads right after the page is interactive instead of
// before: the form is usable at once, and errors are only shown after a first send, by which time the
// checker is here (a send that comes sooner waits for it: loadEventParser).

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

/** The event checker once loaded; null on the server, during hydration and until it arrives. */
export function useEventParser(): Parse | null {
  useEffect(() => {
    void loadEventParser();
  }, []);
  return useSyncExternalStore(
    subscribe,
    () => parse,
    () => null,
  );
}
