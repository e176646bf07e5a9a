'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import { bulkRetryCountQuery, useStartBulkRetry, type FilterParams } from '@/lib/queries/jobs';
import { JobProgress } from '@/components/jobs/job-progress';

/**
 * Retry everything a filter matches: first the exact count (not just what the screen shows), then a
 * background job with a progress bar that can be cancelled.
 */
export function BulkRetryDialog({
  open,
  onClose,
  filters,
  description,
}: {
  open: boolean;
  onClose: () => void;
  filters: FilterParams;
  description: string;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="Retry deliveries" description={description}>
      {/* Mounted only while open, so every opening starts with a fresh count and no old job. */}
      {open ? <BulkRetryBody filters={filters} onClose={onClose} /> : null}
    </Dialog>
  );
}

function BulkRetryBody({ filters, onClose }: { filters: FilterParams; onClose: () => void }) {
  const count = useQuery(bulkRetryCountQuery(filters));
  const start = useStartBulkRetry();
  const [jobId, setJobId] = useState<number | null>(null);
  const n = count.data;

  return (
    <div className="flex flex-col gap-4">
      {count.isPending ? (
        <Spinner label="Counting the matching deliveries…" className="text-sm text-slate-700" />
      ) : count.isError ? (
        <Alert tone="danger">{count.error.message}</Alert>
      ) : jobId ? (
        <JobProgress id={jobId} label="Sending back to the queue" />
      ) : n === 0 ? (
        <p className="text-sm text-slate-700">
          Nothing matches: no failed or retrying delivery fits these filters.
        </p>
      ) : (
        <p className="text-sm text-slate-700">
          <strong>{n}</strong> failed or retrying deliver{n === 1 ? 'y matches' : 'ies match'}, including
          those not on screen. Each is sent again as a new attempt of the same delivery.
        </p>
      )}
      {start.isError ? <Alert tone="danger">{start.error.message}</Alert> : null}
      <div className="flex justify-end gap-2">
        {jobId ? (
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              disabled={!n}
              loading={start.isPending}
              onClick={() =>
                start.mutate({ filters, expectedCount: n ?? 0 }, { onSuccess: ({ job }) => setJobId(job.id) })
              }
            >
              {n ? `Retry ${n} deliver${n === 1 ? 'y' : 'ies'}` : 'Retry'}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
