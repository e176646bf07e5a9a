import type { DeliveryStatus } from '@/db/enums';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import type { ReasonView } from '@/lib/data/deliveries';

export const STATUS_INFO: Record<DeliveryStatus, { label: string; tone: BadgeTone; description: string }> = {
  queued: { label: 'Queued', tone: 'neutral', description: 'Saved, waiting to be sent.' },
  sending: { label: 'Sending', tone: 'info', description: 'On its way to SALESmanago.' },
  succeeded: { label: 'Succeeded', tone: 'success', description: 'SALESmanago accepted the event.' },
  failed: { label: 'Failed', tone: 'danger', description: 'SALESmanago refused it, or retrying gave up.' },
  retrying: {
    label: 'Retrying',
    tone: 'warning',
    description: 'A passing failure; another attempt is scheduled.',
  },
  cancelled: {
    label: 'Cancelled',
    tone: 'neutral',
    description: 'Not sent again: a person stopped the retries, or a resend replaced it.',
  },
};

export function StatusBadge({ status }: { status: DeliveryStatus }) {
  const info = STATUS_INFO[status];
  return <Badge tone={info.tone}>{info.label}</Badge>;
}

/**
 * The status and, when there is one, the decoded reason's title: "Failed · SALESmanago rejected the
 * credentials". `stacked` puts the title under the badge, for narrow table cells and cards.
 */
export function StatusSummary({
  status,
  reason,
  stacked = false,
  className,
}: {
  status: DeliveryStatus;
  reason: ReasonView | null;
  stacked?: boolean;
  className?: string;
}) {
  if (stacked) {
    return (
      <span className={cn('flex flex-col items-start gap-1', className)}>
        <StatusBadge status={status} />{' '}
        {reason ? <span className="text-sm leading-snug text-slate-700">{reason.title}</span> : null}
      </span>
    );
  }
  return (
    <span className={cn('inline-flex flex-wrap items-baseline gap-x-1.5 gap-y-1', className)}>
      <StatusBadge status={status} />{' '}
      {reason ? <span className="text-sm text-slate-700">· {reason.title}</span> : null}
    </span>
  );
}
