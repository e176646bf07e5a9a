import type { ReactNode } from 'react';

import { Hydrate } from '@/components/providers/hydrate';
import { Header } from '@/components/shell/header';
import { Sidebar } from '@/components/shell/sidebar';
import { UserProvider } from '@/components/shell/user-context';
import { requirePageUser } from '@/lib/auth/page';
import { attentionCount } from '@/lib/data/attention';
import { listIntegrations } from '@/lib/data/integrations';
import { openIncidentCount } from '@/lib/data/incidents';
import { attentionKeys } from '@/lib/queries/attention';
import { incidentKeys } from '@/lib/queries/incidents';
import { integrationKeys } from '@/lib/queries/integrations';
import { can } from '@/lib/roles';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  // The sidebar's data is seeded here, not left to the page: the layout and the page render in
  // parallel on the server, so whether the page's seeds reached the sidebar first depended on timing,
  // and when they did, the server's sidebar (the list) differed from the browser's (Loading…): #418.
  const seeds = [
    { queryKey: integrationKeys.list(), data: await listIntegrations(user.role) },
    ...(can(user.role, 'deliveries:read')
      ? [{ queryKey: attentionKeys.count, data: await attentionCount() }]
      : []),
    ...(can(user.role, 'incidents:read')
      ? [{ queryKey: incidentKeys.count(), data: await openIncidentCount() }]
      : []),
  ];
  return (
    <UserProvider user={{ id: user.id, email: user.email, name: user.name, role: user.role }}>
      <Hydrate seeds={seeds}>
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
            <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">
              {children}
            </main>
          </div>
        </div>
      </Hydrate>
    </UserProvider>
  );
}
