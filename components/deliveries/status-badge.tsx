import type { DeliveryStatus } from '@/db/schema';
import { Badge, type BadgeTone } from '@/components/ui/badge';

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
};

export function StatusBadge({ status }: { status: DeliveryStatus }) {
  const info = STATUS_INFO[status];
  return <Badge tone={info.tone}>{info.label}</Badge>;
}
