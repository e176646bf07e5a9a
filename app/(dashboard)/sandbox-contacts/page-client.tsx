'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { useCan } from '@/components/shell/user-context';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { DataTable, Td } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import type { SandboxAccountInfo } from '@/lib/data/sandbox-contacts';
import { sandboxContactsQuery } from '@/lib/queries/sandbox';
import { plural } from '@/lib/format';
import { SandboxSecretForm } from './_components/sandbox-secret';

export function SandboxContactsPageClient() {
  const { data, isPending, isError, error, refetch } = useQuery(sandboxContactsQuery());

  return (
    <>
      <PageHeader
        title="Sandbox contacts"
        description="The built-in sandbox plays SALESmanago. Here is what it received: each contact and the events stored for it, exactly as a real account would keep them."
      />
      {isPending ? (
        <LoadingRows label="Loading the sandbox…" />
      ) : isError ? (
        <LoadError title="The sandbox could not be read." error={error} onRetry={refetch} />
      ) : (
        <div className="space-y-6">
          {data.account ? <AccountCard account={data.account} /> : null}
          <section aria-labelledby="sandbox-contacts-heading">
            <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="sandbox-contacts-heading" className="text-lg font-semibold text-slate-900">
                Contacts
              </h2>
              <p className="text-sm text-slate-600">
                {data.total > data.items.length
                  ? `The ${data.items.length} most recently active of ${plural(data.total, 'contact')}.`
                  : `${data.total} ${data.total === 1 ? 'contact' : 'contacts'}, most recently active first.`}
              </p>
            </div>
            {data.items.length === 0 ? (
              <EmptyState title="No contacts yet">
                The sandbox creates a contact the first time it receives an event for a new email address.
                Send an event through the Sandbox integration to see one here.
              </EmptyState>
            ) : (
              <DataTable
                caption="Sandbox contacts, most recently active first"
                columns={[
                  'Email',
                  { label: 'Contact ID', className: 'hidden md:table-cell' },
                  { label: 'Events', className: 'text-right' },
                  { label: 'Last event', className: 'hidden sm:table-cell' },
                ]}
              >
                {data.items.map((c) => (
                  <tr key={c.id} className="hover:bg-slate-50">
                    <Td>
                      <Link
                        href={`/sandbox-contacts/${encodeURIComponent(c.id)}`}
                        className="text-brand-700 font-medium [overflow-wrap:anywhere] hover:underline"
                      >
                        {c.email ?? '(no email)'}
                      </Link>
                      <span className="block text-xs text-slate-600">
                        Created <LocalTime ms={c.createdAt} />
                      </span>
                      {/* On a phone the last event moves here, so the email keeps the width. */}
                      {c.lastEventAt ? (
                        <span className="block text-xs text-slate-600 sm:hidden">
                          Last event <LocalTime ms={c.lastEventAt} />
                        </span>
                      ) : null}
                    </Td>
                    <Td className="hidden align-top font-mono text-xs whitespace-nowrap text-slate-700 md:table-cell">
                      {c.id}
                    </Td>
                    <Td className="text-right align-top text-slate-800 tabular-nums">{c.eventCount}</Td>
                    <Td className="hidden align-top whitespace-nowrap text-slate-700 sm:table-cell">
                      {c.lastEventAt ? <LocalTime ms={c.lastEventAt} /> : '—'}
                    </Td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </div>
      )}
    </>
  );
}

function AccountCard({ account }: { account: SandboxAccountInfo }) {
  const canManage = useCan('sandbox:manage');
  return (
    <Card>
      <CardHeader
        title="Sandbox account"
        description="The SALESmanago-compatible account the Sandbox integration sends to."
      />
      <CardBody>
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-600">Client ID</dt>
            <dd className="mt-1 flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs text-slate-900">{account.clientId}</code>
              <CopyButton text={account.clientId} label="Copy client ID" />
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Endpoint</dt>
            <dd className="mt-1 font-mono text-xs break-all text-slate-900">{account.endpoint}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Users (owners)</dt>
            <dd className="mt-1">
              <ul className="space-y-0.5 text-slate-900">
                {account.users.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
        {canManage ? <SandboxSecretForm /> : null}
      </CardBody>
    </Card>
  );
}
