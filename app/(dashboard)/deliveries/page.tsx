import type { Metadata } from 'next';
import Link from 'next/link';

import { Hydrate } from '@/components/providers/hydrate';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageUser } from '@/lib/auth/page';
import { listDeliveries } from '@/lib/data/deliveries-list';
import { listIntegrations } from '@/lib/data/integrations';
import { deliveryKeys } from '@/lib/queries/deliveries';
import { integrationKeys } from '@/lib/queries/integrations';
import { DeliveriesPageClient } from './page-client';
import { parseHistorySearchParams, type SearchParamsRecord } from './search-params';

export const metadata: Metadata = { title: 'History' };

export default async function DeliveriesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParamsRecord>;
}) {
  const user = await requirePageUser();
  const parsed = parseHistorySearchParams(await searchParams);
  if (!parsed.ok) {
    // A hand-edited or outdated link: say what is wrong and offer the way back, instead of an error page.
    return (
      <>
        <PageHeader title="History" />
        <Alert
          tone="danger"
          title="These filters cannot be used."
          actions={
            <Link href="/deliveries" className={buttonClass('secondary', 'sm')}>
              Reset filters
            </Link>
          }
        >
          {parsed.message} The link may be mistyped or from an older version of the console.
        </Alert>
      </>
    );
  }
  const { filters, range } = parsed.view;
  return (
    <Hydrate
      seeds={[
        { queryKey: deliveryKeys.list(filters), data: await listDeliveries(filters) },
        { queryKey: integrationKeys.list(), data: await listIntegrations(user.role) },
      ]}
    >
      <DeliveriesPageClient filters={filters} range={range} />
    </Hydrate>
  );
}
