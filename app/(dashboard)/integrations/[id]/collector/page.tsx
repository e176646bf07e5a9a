import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { integrationKeys } from '@/lib/queries/integrations';
import { loadIntegration } from '../load';
import { CollectorPageClient } from './page-client';

export const metadata: Metadata = { title: 'Website events' };

export default async function CollectorPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const integration = await loadIntegration((await params).id, user.role);
  return (
    <Hydrate seeds={[{ queryKey: integrationKeys.detail(integration.id), data: integration }]}>
      <CollectorPageClient id={integration.id} />
    </Hydrate>
  );
}
