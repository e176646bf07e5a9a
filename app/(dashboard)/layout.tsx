import type { ReactNode } from 'react';

import { Header } from '@/components/shell/header';
import { Sidebar } from '@/components/shell/sidebar';
import { UserProvider } from '@/components/shell/user-context';
import { requirePageUser } from '@/lib/auth/page';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <UserProvider user={{ id: user.id, email: user.email, name: user.name, role: user.role }}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="flex min-h-screen flex-col lg:flex-row">
        <Sidebar />
        <div className="flex min-w-0 flex-1 flex-col">
          <Header />
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
            {children}
          </main>
        </div>
      </div>
    </UserProvider>
  );
}
