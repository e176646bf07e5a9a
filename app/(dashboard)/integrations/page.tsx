import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { listIntegrations } from '@/lib/data/integrations';
import { integrationKeys } from '@/lib/queries/integrations';
import { IntegrationsPageClient } from './page-client';

export const metadata: Metadata = { title: 'Integrations' };

export default async function IntegrationsPage() {
  const user = await requirePageUser();
  return (
    <Hydrate seeds={[{ queryKey: integrationKeys.list(), data: await listIntegrations(user.role) }]}>
      <IntegrationsPageClient />
    </Hydrate>
  );
}
