import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { BackfillView } from '@/lib/backfill/view';

/** A backfill's state in words: an upload waiting for its mapping is not yet an import. */
export function jobStatus(job: BackfillView): { label: string; tone: BadgeTone } {
  if (job.status === 'pending')
    return job.plan ? { label: 'Starting', tone: 'info' } : { label: 'Waiting for mapping', tone: 'neutral' };
  if (job.status === 'running')
    return job.cancelRequested
      ? { label: 'Cancelling', tone: 'warning' }
      : { label: 'Importing', tone: 'info' };
  if (job.status === 'succeeded') return { label: 'Imported', tone: 'success' };
  if (job.status === 'cancelled') return { label: 'Cancelled', tone: 'warning' };
  return { label: 'Failed', tone: 'danger' };
}

export function JobStatusBadge({ job }: { job: BackfillView }) {
  const s = jobStatus(job);
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
