import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import type { BackfillView } from '@/lib/backfill/view';
import { getBackfill, listBackfills } from '@/lib/backfill/lifecycle';
import { listIntegrations } from '@/lib/data/integrations';
import { startIntegrationId } from '@/lib/data/last-integration';
import { NotFoundError } from '@/lib/errors';
import { backfillKeys } from '@/lib/queries/backfill';
import { integrationKeys } from '@/lib/queries/integrations';
import { BackfillPageClient } from './page-client';
import { parseBackfillParams } from './search-params';

export const metadata: Metadata = { title: 'Backfill' };

export default async function BackfillPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  if (!can(user.role, 'backfill:run'))
    return <Forbidden what="Viewers can read the history but not import events." />;
  const params = parseBackfillParams(await searchParams);
  let job: BackfillView | null = null;
  if (params.job) {
    try {
      job = await getBackfill(params.job);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const integrations = await listIntegrations(user.role);
  const seeds = [
    { queryKey: integrationKeys.list(), data: integrations },
    { queryKey: backfillKeys.list(), data: await listBackfills() },
    ...(job ? [{ queryKey: backfillKeys.detail(job.id), data: job }] : []),
  ];
  return (
    <Hydrate seeds={seeds}>
      <BackfillPageClient startIntegrationId={await startIntegrationId(user.id, integrations)} />
    </Hydrate>
  );
}
