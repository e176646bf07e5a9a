import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import { getDeliveryDetail, type DeliveryDetail } from '@/lib/data/deliveries';
import { listIntegrations } from '@/lib/data/integrations';
import { startIntegrationId } from '@/lib/data/last-integration';
import { NotFoundError } from '@/lib/errors';
import { deliveryKeys } from '@/lib/queries/deliveries';
import { integrationKeys } from '@/lib/queries/integrations';
import { ComposerPageClient } from './page-client';
import { parseComposerParams } from './search-params';

export const metadata: Metadata = { title: 'Send event' };

export default async function SendPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  if (!can(user.role, 'events:send'))
    return <Forbidden what="Viewers can read the history but not send events." />;
  const params = parseComposerParams(await searchParams);
  const integrations = await listIntegrations(user.role);
  let from: DeliveryDetail | null = null;
  if (params.from) {
    try {
      from = await getDeliveryDetail(params.from);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const seeds = [
    { queryKey: integrationKeys.list(), data: integrations },
    ...(from ? [{ queryKey: deliveryKeys.detail(from.id), data: from }] : []),
  ];
  const integrationId =
    params.integrationId ?? from?.integrationId ?? (await startIntegrationId(user.id, integrations));
  return (
    <Hydrate seeds={seeds}>
      <ComposerPageClient
        key={`${integrationId}-${params.from ?? ''}`}
        initialIntegrationId={integrationId}
        initialType={params.type ?? (from?.type as typeof params.type) ?? 'PURCHASE'}
        fromId={from?.id ?? null}
        missingFrom={!!params.from && !from}
      />
    </Hydrate>
  );
}
