'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { Technical, TechnicalDetailsToggle } from '@/components/shell/technical-details';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DataTable, Td } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { auditQuery } from '@/lib/queries/audit';

const AREAS = [
  ['', 'Everything'],
  ['integration', 'Integrations'],
  ['collector', 'Website events'],
  ['user', 'Users and roles'],
  ['token', 'API tokens'],
  ['event', 'Events sent'],
  ['delivery', 'Retries'],
] as const;

export function AuditPageClient() {
  const selectId = useId();
  const [action, setAction] = useState('');
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors.at(-1);
  const log = useQuery(auditQuery(action, cursor));

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed settings, users, roles, tokens and website events, and who sent or resent what."
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={selectId} className="text-sm font-medium text-slate-800">
            Show
          </label>
          <select
            id={selectId}
            className={`${inputClass} w-56`}
            value={action}
            onChange={(e) => {
              setAction(e.target.value);
              setCursors([]);
            }}
          >
            {AREAS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <TechnicalDetailsToggle className="pb-2" />
      </div>
      {log.isPending ? (
        <LoadingRows label="Loading the audit log…" />
      ) : log.isError ? (
        <Alert tone="danger">{log.error.message}</Alert>
      ) : log.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded here yet" />
      ) : (
        <>
          <DataTable caption="Audit log" columns={['When', 'Who', 'What']}>
            {log.data.items.map((e) => (
              <tr key={e.id} className="align-top">
                <Td className="whitespace-nowrap text-slate-700">
                  <LocalTime ms={e.at} seconds />
                </Td>
                <Td className="text-slate-800">{e.actorLabel}</Td>
                <Td>
                  <span className="block text-slate-900">{e.summary}</span>
                  <Technical>
                    <span className="font-mono text-xs text-slate-600">{e.action}</span>
                  </Technical>
                </Td>
              </tr>
            ))}
          </DataTable>
          <div className="mt-4 flex gap-2">
            {cursors.length ? (
              <Button variant="secondary" size="sm" onClick={() => setCursors((c) => c.slice(0, -1))}>
                Newer
              </Button>
            ) : null}
            {log.data.nextCursor ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setCursors((c) => [...c, log.data.nextCursor!])}
              >
                Older
              </Button>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
