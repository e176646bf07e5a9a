import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { NotificationView } from '@/lib/data/notifications';

/** How a notice ended, in words: sent, failed with why, or retrying and when. */
export function Outcome({
  n,
}: {
  n: Pick<NotificationView, 'status' | 'error' | 'nextAttemptAt' | 'attempts'>;
}) {
  if (n.status === 'sent') return <Badge tone="success">Sent</Badge>;
  if (n.status === 'pending') return <Badge tone="info">Sending</Badge>;
  return (
    <span className="flex flex-col items-start gap-1">
      {n.status === 'failed' ? <Badge tone="danger">Failed</Badge> : <Badge tone="warning">Retrying</Badge>}
      <span className="text-sm text-slate-700">
        {n.error}
        {n.status === 'retrying' && n.nextAttemptAt ? (
          <>
            {' '}
            Next try <LocalTime ms={n.nextAttemptAt} />.
          </>
        ) : null}
      </span>
    </span>
  );
}
