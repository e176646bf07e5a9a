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

/**
 * Why a delivery shows "Possibly duplicated", in words true of it. Null when there is nothing to add: a
 * delivery waiting for a decision ("May already be in SALESmanago") already says it in its headline.
 */
export function possibleDuplicateNote(d: {
  possibleDuplicate: boolean;
  attemptCount: number;
  reason: { code: string } | null;
}): string | null {
  if (!d.possibleDuplicate || d.reason?.code === 'maybe-stored') return null;
  // One attempt so far: nothing was sent twice yet, only the next attempt may store it again.
  return d.attemptCount > 1
    ? 'An attempt got no clear answer (the console stopped while it was on its way, or SALESmanago did not answer in time) and the event was sent again. SALESmanago may have stored it twice: check the contact in SALESmanago if the event must be unique.'
    : 'An attempt got no clear answer, so SALESmanago may already have stored the event, and the next attempt may store it a second time. Check the contact in SALESmanago if the event must be unique.';
}
