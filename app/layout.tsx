import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { Providers } from '@/components/providers/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'SALESmanago Events Console', template: '%s · SALESmanago Events Console' },
  description:
    'Set up SALESmanago external events, copy the monitoring code, send events and review every delivery.',
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
