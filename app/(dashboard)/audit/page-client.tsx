'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { auditQuery } from '@/lib/queries/admin';

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
      <div className="mb-4 flex flex-wrap items-end gap-3">
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
      </div>
      {log.isPending ? (
        <LoadingRows label="Loading the audit log…" />
      ) : log.isError ? (
        <Alert tone="danger">{log.error.message}</Alert>
      ) : log.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded here yet" />
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Audit log</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    When
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    Who
                  </th>
                  <th scope="col" className="px-4 py-3 font-semibold">
                    What
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {log.data.items.map((e) => (
                  <tr key={e.id} className="align-top">
                    <td className="px-4 py-3 whitespace-nowrap text-slate-700">
                      <LocalTime ms={e.at} seconds />
                    </td>
                    <td className="px-4 py-3 text-slate-800">{e.actorLabel}</td>
                    <td className="px-4 py-3">
                      <span className="block text-slate-900">{e.summary}</span>
                      <span className="font-mono text-xs text-slate-600">{e.action}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
