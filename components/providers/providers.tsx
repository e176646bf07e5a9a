'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Toaster } from 'sonner';

import { getQueryClient } from '@/lib/queries/query-client';

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
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
