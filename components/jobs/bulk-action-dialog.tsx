'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { InputField } from '@/components/ui/field';
import { Spinner } from '@/components/ui/spinner';
import { bulkCountQuery, useStartBulkAction, type BulkAction, type FilterParams } from '@/lib/queries/jobs';
import { JobProgress } from './job-progress';

const deliveries = (n: number) => `${n} deliver${n === 1 ? 'y' : 'ies'}`;
/** "3 failed or retrying deliveries", "1 waiting or retrying delivery": the count, then what they are. */
const counted = (n: number, what: string) => `${n} ${what} deliver${n === 1 ? 'y' : 'ies'}`;

/** What each action says: the dialog's title, its count sentence, its button and its progress label. */
const TEXT: Record<
  BulkAction,
  {
    title: string;
    none: string;
    matches: (n: number) => string;
    verb: string;
    progress: string;
    /** The button that closes without acting; "Cancel" would read as the action itself when stopping. */
    dismiss: string;
  }
> = {
  retry: {
    title: 'Retry deliveries',
    none: 'Nothing matches: no failed or retrying delivery fits these filters.',
    matches: (n) =>
      `${counted(n, 'failed or retrying')} ${n === 1 ? 'matches' : 'match'}, including those not on screen. Each is sent again as a new attempt of the same delivery.`,
    verb: 'Retry',
    progress: 'Sending back to the queue',
    dismiss: 'Cancel',
  },
  cancel: {
    title: 'Stop retrying',
    none: 'Nothing matches: no waiting or retrying delivery fits these filters.',
    // The screen's description says what stopping does; this line says only what it applies to.
    matches: (n) =>
      `${counted(n, 'waiting or retrying')} ${n === 1 ? 'matches' : 'match'} the filters, including those not on screen.`,
    verb: 'Stop',
    progress: 'Stopping',
    dismiss: 'Keep retrying',
  },
};

/**
 * A bulk action over everything a filter matches: first the exact count (not just what the screen
 * shows), then a background job with a progress bar that can be cancelled.
 */
export function BulkActionDialog({
  action,
  open,
  onClose,
  filters,
  description,
}: {
  action: BulkAction;
  open: boolean;
  onClose: () => void;
  filters: FilterParams;
  description: string;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={TEXT[action].title} description={description}>
      {/* Mounted only while open, so every opening starts with a fresh count and no old job. */}
      {open ? <BulkBody action={action} filters={filters} onClose={onClose} /> : null}
    </Dialog>
  );
}

function BulkBody({
  action,
  filters,
  onClose,
}: {
  action: BulkAction;
  filters: FilterParams;
  onClose: () => void;
}) {
  const text = TEXT[action];
  const count = useQuery(bulkCountQuery(action, filters));
  const start = useStartBulkAction(action);
  const [jobId, setJobId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const n = count.data;

  return (
    <div className="flex flex-col gap-4">
      {count.isPending ? (
        <Spinner label="Counting the matching deliveries…" className="text-sm text-slate-700" />
      ) : count.isError ? (
        <Alert tone="danger">{count.error.message}</Alert>
      ) : jobId ? (
        <JobProgress id={jobId} label={text.progress} />
      ) : n === 0 ? (
        <p className="text-sm text-slate-700">{text.none}</p>
      ) : (
        <p className="text-sm text-slate-700">{text.matches(n ?? 0)}</p>
      )}
      {action === 'cancel' && n && !jobId ? (
        <InputField
          label="Why"
          optional
          hint="Kept with each delivery and in the audit log."
          maxLength={500}
          value={reason}
          onValueChange={setReason}
        />
      ) : null}
      {start.isError ? <Alert tone="danger">{start.error.message}</Alert> : null}
      <div className="flex justify-end gap-2">
        {jobId ? (
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              {text.dismiss}
            </Button>
            <Button
              variant={action === 'cancel' ? 'danger' : 'primary'}
              disabled={!n}
              loading={start.isPending}
              onClick={() =>
                start.mutate(
                  { filters, expectedCount: n ?? 0, ...(reason.trim() ? { reason: reason.trim() } : {}) },
                  { onSuccess: ({ job }) => setJobId(job.id) },
                )
              }
            >
              {n ? `${text.verb} ${deliveries(n)}` : text.verb}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
