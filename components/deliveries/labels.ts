import type { DeliverySource } from '@/db/enums';
import type { BadgeTone } from '@/components/ui/badge';
import type { AttemptView } from '@/lib/data/deliveries';

/** Where a delivery came from, in the words the history and its filters use. */
export const SOURCE_INFO: Record<DeliverySource, { label: string; description: string }> = {
  composer: { label: 'Send event', description: 'Sent by hand from the Send event screen.' },
  website: { label: 'Website', description: "Sent by the website's own JavaScript (website events)." },
  resend: { label: 'Resend', description: 'Sent again from the history.' },
  api: { label: 'API', description: 'Sent by an automation through the JSON API.' },
  backfill: { label: 'Backfill', description: 'Sent in bulk for past events.' },
};

/** One attempt's verdict. "Transient" is retried; "rejected" is SALESmanago's final no. */
export const OUTCOME_INFO: Record<AttemptView['outcome'], { label: string; tone: BadgeTone }> = {
  succeeded: { label: 'Accepted', tone: 'success' },
  rejected: { label: 'Refused', tone: 'danger' },
  transient: { label: 'Passing failure', tone: 'warning' },
  'in-flight': { label: 'Waiting for the answer', tone: 'info' },
};
