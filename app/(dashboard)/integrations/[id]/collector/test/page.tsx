import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { ensureSandboxTestContact } from '@/lib/data/sandbox';
import { integrationKeys } from '@/lib/queries/integrations';
import { loadIntegration } from '../../load';
import { LiveTestPageClient } from './page-client';

export const metadata: Metadata = { title: 'Live test of website events' };

export default async function LiveTestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const integration = await loadIntegration((await params).id, user.role);
  const testContactId = integration.isSandbox ? ((await ensureSandboxTestContact()) ?? '') : '';
  return (
    <Hydrate seeds={[{ queryKey: integrationKeys.detail(integration.id), data: integration }]}>
      <LiveTestPageClient id={integration.id} initialContactId={testContactId} />
    </Hydrate>
  );
}
