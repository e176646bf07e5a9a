'use client';

import { useCallback, useSyncExternalStore, type ReactNode } from 'react';

import { cn } from '@/components/ui/cn';
import { useCurrentUser } from './user-context';

// Remembered per user in this browser (localStorage, keyed by the user's id), not on the server: it is a
// way of reading, not data, and a second browser starting plain is the safe default. The server always
// renders it off, and the stored choice is read after hydration (useSyncExternalStore's server snapshot),
// so the first paint never disagrees with the server's HTML.
const storageKey = (userId: number) => `sm:technical-details:${userId}`;
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
}

function read(userId: number): boolean {
  try {
    return window.localStorage.getItem(storageKey(userId)) === 'on';
  } catch {
    return false; // storage blocked: technical details stay hidden, the toggle still works for the page
  }
}

export function useTechnicalDetails(): [boolean, (on: boolean) => void] {
  const { id } = useCurrentUser();
  const shown = useSyncExternalStore(
    subscribe,
    () => read(id),
    () => false,
  );
  const set = useCallback(
    (on: boolean) => {
      try {
        window.localStorage.setItem(storageKey(id), on ? 'on' : 'off');
      } catch {
        // nothing to remember it in; this page still follows the switch below
      }
      listeners.forEach((l) => l());
    },
    [id],
  );
  return [shown, set];
}

/** The switch: sha, cURL, HTTP status, origins and raw times appear only while it is on. */
export function TechnicalDetailsToggle({ className }: { className?: string }) {
  const [shown, setShown] = useTechnicalDetails();
  return (
    <label className={cn('inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700', className)}>
      <input
        type="checkbox"
        role="switch"
        className="accent-brand-600 size-4"
        checked={shown}
        onChange={(e) => setShown(e.target.checked)}
      />
      Technical details
    </label>
  );
}

/** Its children only while the reader has technical details on. */
export function Technical({ children }: { children: ReactNode }) {
  const [shown] = useTechnicalDetails();
  return shown ? <>{children}</> : null;
}
