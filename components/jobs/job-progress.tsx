'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { Button } from '@/components/ui/button';
import { invalidateAfterJob, jobQuery, useCancelJob } from '@/lib/queries/jobs';

const ENDED = { succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled' } as const;

/**
 * A background job's progress bar with counts and a cancel button; polls until the job ends.
 * `cancelPath` is for a kind whose cancel has its own route (an export: any role, its owner only).
 */
export function JobProgress({ id, label, cancelPath }: { id: number; label: string; cancelPath?: string }) {
  const qc = useQueryClient();
  const job = useQuery(jobQuery(id));
  const cancel = useCancelJob(cancelPath);
  const status = job.data?.status;
  const running = status === 'pending' || status === 'running';

  useEffect(() => {
    if (status && !['pending', 'running'].includes(status)) void invalidateAfterJob(qc);
  }, [status, qc]);

  if (!job.data) return <p className="text-sm text-slate-600">Starting…</p>;
  const { processed, total, message } = job.data;
  const pct = total ? Math.round((processed / total) * 100) : running ? 0 : 100;

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-700">
          {processed} of {total} ·{' '}
          {running
            ? job.data.cancelRequested
              ? 'Stopping…'
              : `${pct}%`
            : ENDED[status as keyof typeof ENDED]}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total || 100}
        aria-valuenow={total ? processed : pct}
        className="h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="bg-brand-600 h-full transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      {message && !running ? <p className="text-sm text-slate-700">{message}</p> : null}
      {running ? (
        <div>
          <Button
            variant="secondary"
            size="sm"
            loading={cancel.isPending}
            disabled={job.data.cancelRequested}
            onClick={() => cancel.mutate(id)}
          >
            Cancel
          </Button>
        </div>
      ) : null}
    </div>
  );
}
