'use client';

import Link from 'next/link';

import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { BackfillView } from '@/lib/backfill/view';
import { useCancelBackfill } from '@/lib/queries/backfill';
import { JobStatusBadge } from './job-status';
import { ProblemList } from './problem-list';
import { plural } from '@/lib/format';

const n = (v: number) => v.toLocaleString('en-US');

function ProgressBar({ job }: { job: BackfillView }) {
  const total = Math.max(job.rows, job.processed);
  const percent = total ? Math.floor((job.processed / total) * 100) : job.status === 'succeeded' ? 100 : 0;
  return (
    <div className="flex flex-col gap-1.5">
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${n(job.processed)} of ${plural(total, 'row')} (${percent}%)`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="bg-brand-600 h-full transition-[width] duration-300"
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="text-sm text-slate-700">
        {n(job.processed)} of {plural(total, 'row')} read ({percent}%)
      </p>
    </div>
  );
}

/** Step 3: the import running (progress, counts, cancel) and, once done, where its events went. */
export function ImportProgress({ job }: { job: BackfillView }) {
  const cancel = useCancelBackfill(job.id);
  const running = job.status === 'running' || job.status === 'pending';
  const d = job.deliveries;
  const history = `/deliveries?${job.integrationId ? `integrationId=${job.integrationId}&` : ''}source=backfill`;
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader
          title="Import"
          description={`${job.filename} → ${job.integrationName}`}
          actions={<JobStatusBadge job={job} />}
        />
        <CardBody className="flex flex-col gap-4">
          <ProgressBar job={job} />
          <dl className="grid grid-cols-3 gap-3">
            {(
              [
                ['Imported', job.imported, 'text-emerald-800'],
                ['With errors (skipped)', job.invalid, 'text-red-700'],
                ['Already sent (skipped)', job.duplicates, 'text-amber-900'],
              ] as const
            ).map(([label, value, tone]) => (
              <div key={label} className="rounded-md border border-slate-200 px-3 py-2">
                <dt className="text-xs text-slate-600">{label}</dt>
                <dd className={`text-xl font-semibold ${tone}`}>{n(value)}</dd>
              </div>
            ))}
          </dl>
          {d ? (
            <p className="text-sm text-slate-700">
              Sending to SALESmanago: {n(d.succeeded)} accepted, {n(d.queued + d.sending)} waiting,{' '}
              {n(d.retrying)} retrying, {n(d.failed)} failed
              {d.cancelled ? `, ${n(d.cancelled)} stopped` : ''}.
            </p>
          ) : null}
          {running ? (
            <div className="flex flex-wrap items-center gap-3">
              <Button
                variant="danger"
                loading={cancel.isPending}
                disabled={job.cancelRequested}
                onClick={() => cancel.mutate()}
              >
                {job.cancelRequested ? 'Cancelling…' : 'Cancel import'}
              </Button>
              <span className="text-sm text-slate-600">
                Stops reading the file. Rows imported so far stay in the history and are sent.
              </span>
            </div>
          ) : (
            <Alert
              tone={job.status === 'succeeded' ? 'success' : job.status === 'failed' ? 'danger' : 'warning'}
              title={job.message ?? (job.status === 'succeeded' ? 'Import finished.' : 'Import stopped.')}
              actions={
                job.imported ? (
                  <Link href={history} className={buttonClass('secondary', 'sm')}>
                    See them in the history
                  </Link>
                ) : null
              }
            >
              {job.imported
                ? 'Every imported row is a delivery in the history (source: backfill), sent by the delivery worker.'
                : null}
            </Alert>
          )}
          {cancel.error ? (
            <Alert tone="danger" title="The import could not be cancelled.">
              {cancel.error.message}
            </Alert>
          ) : null}
        </CardBody>
      </Card>
      {job.problems.length ? (
        <Card>
          <CardBody>
            <ProblemList
              title="Rows not imported"
              problems={job.problems}
              more={job.invalid + job.duplicates > job.problems.length}
              total={job.invalid + job.duplicates}
            />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
