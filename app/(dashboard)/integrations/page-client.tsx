'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { VerifyBadge } from '@/components/integrations/verify-status';
import { useCan } from '@/components/shell/user-context';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { DataTable, Td } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { LoadingRows } from '@/components/ui/skeleton';
import { integrationsQuery } from '@/lib/queries/integrations';

export function IntegrationsPageClient() {
  const canManage = useCan('integrations:manage');
  const { data, isPending, isError, error, refetch } = useQuery(integrationsQuery());

  const addButton = canManage ? (
    <Link href="/integrations/new" className={buttonClass('primary')}>
      Add integration
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Integrations"
        description="Each integration is one SALESmanago account this console sends events to: a shop, a brand, or a test account."
        actions={addButton}
      />
      {isPending ? (
        <LoadingRows label="Loading integrations…" />
      ) : isError ? (
        <LoadError title="The integrations could not be loaded." error={error} onRetry={refetch} />
      ) : data.length === 0 ? (
        <EmptyState title="No integrations yet" action={addButton}>
          Add your SALESmanago account: you need the endpoint, client ID, API key, API secret and owner email
          from SALESmanago under Settings → Integration → API access.
          {canManage ? null : ' Ask an admin to add one.'}
        </EmptyState>
      ) : (
        <DataTable caption="Integrations" columns={['Name', 'Endpoint', 'Client ID', 'Owner', 'Status']}>
          {data.map((i) => (
            <tr key={i.id} className="hover:bg-slate-50">
              <Td>
                <Link href={`/integrations/${i.id}`} className="text-brand-700 font-medium hover:underline">
                  {i.name}
                </Link>
                {i.isSandbox ? (
                  <Badge tone="info" className="ml-2">
                    Sandbox
                  </Badge>
                ) : null}
              </Td>
              <Td className="font-mono text-xs text-slate-700">{i.host}</Td>
              <Td className="font-mono text-xs text-slate-700">{i.clientId}</Td>
              <Td className="text-slate-700">{i.owner}</Td>
              <Td>
                <VerifyBadge verification={i.verification} />
                {i.verification ? (
                  <LocalTime ms={i.verification.at} className="mt-1 block text-xs text-slate-600" />
                ) : null}
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
