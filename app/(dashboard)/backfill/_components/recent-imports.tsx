'use client';

import { useQuery } from '@tanstack/react-query';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { LoadingRows } from '@/components/ui/skeleton';
import { backfillsQuery } from '@/lib/queries/backfill';
import { JobStatusBadge } from './job-status';

/** The last imports, to come back to one (a mapping left half done, or an import still running). */
export function RecentImports({ current, onOpen }: { current: number | null; onOpen: (id: number) => void }) {
  const jobs = useQuery(backfillsQuery());
  return (
    <Card>
      <CardHeader title="Recent imports" />
      <CardBody>
        {jobs.isPending ? (
          <LoadingRows rows={2} label="Loading recent imports…" />
        ) : jobs.isError ? (
          <p className="text-sm text-red-700">The recent imports could not be loaded: {jobs.error.message}</p>
        ) : jobs.data.length === 0 ? (
          <p className="text-sm text-slate-600">No imports yet. Uploaded files appear here.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Recent CSV imports, newest first</caption>
              <thead>
                <tr className="text-left text-xs tracking-wide text-slate-600 uppercase">
                  {['File', 'Integration', 'Status', 'Rows', 'Imported', 'Uploaded'].map((h) => (
                    <th key={h} scope="col" className="pr-4 pb-2 font-semibold">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {jobs.data.map((j) => (
                  <tr
                    key={j.id}
                    className="border-t border-slate-200"
                    aria-current={j.id === current || undefined}
                  >
                    <th scope="row" className="py-2 pr-4 text-left font-normal">
                      <button
                        type="button"
                        className="text-brand-700 max-w-64 truncate text-left underline"
                        onClick={() => onOpen(j.id)}
                      >
                        {j.filename}
                      </button>
                    </th>
                    <td className="py-2 pr-4">{j.integrationName}</td>
                    <td className="py-2 pr-4">
                      <JobStatusBadge job={j} />
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{j.rows.toLocaleString('en-US')}</td>
                    <td className="py-2 pr-4 tabular-nums">{j.imported.toLocaleString('en-US')}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">
                      <LocalTime ms={j.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
