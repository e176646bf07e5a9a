'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useEffect, type ReactNode } from 'react';

import { focusFirstInvalid } from '@/components/ui/focus-invalid';
import { ApiError } from '@/lib/queries/fetcher';
import { getQueryClient } from '@/lib/queries/query-client';

/**
 * The cache reports the error before React has rendered it, and how many frames that takes depends on
 * the machine: look for the invalid field on each frame for a short while (10 frames, about 160 ms).
 */
function focusWhenRendered(frames = 10) {
  requestAnimationFrame(() => {
    if (!focusFirstInvalid() && frames > 1) focusWhenRendered(frames - 1);
  });
}

// Every toast answers something a person did, so the toaster can arrive after the page is interactive
// instead of with every page's first load (sonner replays a toast raised before it mounted).
const Toaster = dynamic(() => import('sonner').then((m) => m.Toaster), { ssr: false });

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  // Every form's save is a mutation: when the API refuses fields, the first invalid one takes the focus
  // and comes into view, on every form at once.
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return;
        const err = event.action.error;
        if (err instanceof ApiError && Object.keys(err.fieldErrors).length > 0) focusWhenRendered();
      }),
    [queryClient],
  );
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {/* Plain toasts: sonner's rich colours fall below WCAG AA contrast. */}
      <Toaster
        position="bottom-right"
        closeButton
        toastOptions={{
          duration: 5000,
          classNames: { toast: 'text-slate-900', description: 'text-slate-700' },
        }}
      />
    </QueryClientProvider>
  );
}
