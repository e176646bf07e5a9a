// Each incident in plain words: what broke and what to do about it, for the screens (and the
// notifications, which read the same incidents). A credentials incident speaks SALESmanago's decoded
// reason (lib/salesmanago/messages.ts); the other causes are the console's own observations.
import type { IncidentCause, IncidentState } from '@/db/enums';
import { describeReason, REASONS, type ReasonCode } from '@/lib/salesmanago/messages';

interface CauseInfo {
  /** The short name, as a filter or a badge says it. */
  label: string;
  /** The headline when no decoded reason says it better. */
  title: string;
  fix: string;
}

export const CAUSES: Record<IncidentCause, CauseInfo> = {
  credentials: {
    label: 'Credentials refused',
    title: 'SALESmanago refuses the credentials',
    fix: 'Re-enter the API key, API secret and owner from SALESmanago (Settings → Integration → API access), then verify.',
  },
  'failure-rate': {
    label: 'Many failures',
    title: 'Many deliveries are failing',
    fix: "Open the failed deliveries to read SALESmanago's reasons; Needs attention groups them with what to do about each.",
  },
  backlog: {
    label: 'Events waiting',
    title: 'Events are waiting to be sent',
    fix: 'Check that SALESmanago answers (Verify in the settings) and that the console’s server is running normally. The events are kept and go out once sending catches up.',
  },
  'website-silent': {
    label: 'Website silent',
    title: 'The website stopped sending events',
    fix: 'Check that the website still loads the event snippet (Website events → Test), and that a site change or a consent banner did not remove or block it.',
  },
  'snippet-gone': {
    label: 'Monitoring code gone',
    title: 'The monitoring code is no longer seen on the website',
    fix: 'Check that the monitoring code is still on every page (Monitoring code → Check the code) and paste it again if a site change removed it.',
  },
};

/** What the timeline says when an incident resolves by itself, because its cause cleared. */
export const CLEARED: Record<IncidentCause, string> = {
  credentials: 'Resolved by itself: SALESmanago accepted the credentials again.',
  'failure-rate': 'Resolved by itself: the failure rate fell below the threshold.',
  backlog: 'Resolved by itself: nothing waits longer than the threshold any more.',
  'website-silent': 'Resolved by itself: events arrive from the website again.',
  'snippet-gone': 'Resolved by itself: the monitoring code was seen on the website again.',
};

export const STATE_LABELS: Record<IncidentState, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** The headline and the fix of an incident: the decoded reason's, when it has one. */
export function incidentText(incident: { cause: IncidentCause; reason: string | null }): {
  title: string;
  fix: string;
} {
  const cause = CAUSES[incident.cause];
  if (incident.reason && incident.reason in REASONS) {
    const reason = describeReason(incident.reason as ReasonCode);
    return { title: reason.title, fix: reason.fix };
  }
  return { title: cause.title, fix: cause.fix };
}

/** Why a credentials incident pauses sending, as its timeline records it. */
export const CREDENTIALS_PAUSE_SENTENCE =
  'Sending is paused while SALESmanago refuses the credentials: events wait safely and go out by themselves once the credentials are accepted again.';

/** What the pause means for the events, under a heading that already says sending is paused. */
export const CREDENTIALS_WAIT_SENTENCE =
  'Events wait safely in the queue and go out by themselves once SALESmanago accepts the credentials again.';
