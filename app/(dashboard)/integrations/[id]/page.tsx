import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { getIncidentThresholds } from '@/lib/data/incident-thresholds';
import { listVerifications } from '@/lib/data/verifications';
import { incidentKeys } from '@/lib/queries/incidents';
import { integrationKeys } from '@/lib/queries/integrations';
import { loadIntegration } from './load';
import { IntegrationSettingsPageClient } from './page-client';

export const metadata: Metadata = { title: 'Integration settings' };

export default async function IntegrationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ verify?: string }>;
}) {
  const user = await requirePageUser();
  const integration = await loadIntegration((await params).id, user.role);
  const autoVerify = (await searchParams).verify === '1';
  return (
    <Hydrate
      seeds={[
        { queryKey: integrationKeys.detail(integration.id), data: integration },
        {
          queryKey: incidentKeys.thresholds(integration.id),
          data: await getIncidentThresholds(integration.id),
        },
        {
          queryKey: incidentKeys.verifications(integration.id),
          data: await listVerifications(integration.id),
        },
      ]}
    >
      <IntegrationSettingsPageClient id={integration.id} autoVerify={autoVerify} />
    </Hydrate>
  );
}
