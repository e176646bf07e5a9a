'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { VerifyBadge } from '@/components/integrations/verify-status';
import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
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
        <Alert
          tone="danger"
          title="The integrations could not be loaded."
          actions={
            <Button variant="secondary" size="sm" onClick={() => refetch()}>
              Try again
            </Button>
          }
        >
          {error.message}
        </Alert>
      ) : data.length === 0 ? (
        <EmptyState title="No integrations yet" action={addButton}>
          Add your SALESmanago account: you need the endpoint, client ID, API key, API secret and owner email
          from SALESmanago under Settings → Integration → API access.
          {canManage ? null : ' Ask an admin to add one.'}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Integrations</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Name
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Endpoint
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Client ID
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Owner
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((i) => (
                <tr key={i.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link
                      href={`/integrations/${i.id}`}
                      className="text-brand-700 font-medium hover:underline"
                    >
                      {i.name}
                    </Link>
                    {i.isSandbox ? (
                      <Badge tone="info" className="ml-2">
                        Sandbox
                      </Badge>
                    ) : null}
                  </td>
                  <td className="px-4 py-3 font-mono text-xs text-slate-700">{i.host}</td>
                  <td className="px-4 py-3 font-mono text-xs text-slate-700">{i.clientId}</td>
                  <td className="px-4 py-3 text-slate-700">{i.owner}</td>
                  <td className="px-4 py-3">
                    <VerifyBadge verification={i.verification} />
                    {i.verification ? (
                      <LocalTime ms={i.verification.at} className="mt-1 block text-xs text-slate-600" />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
