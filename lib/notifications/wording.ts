import type { IncidentCause } from '@/db/enums';
import { REASONS, type ReasonCode } from '@/lib/salesmanago/messages';

/**
 * The plain words of a notice: what broke and what to do, for each cause of an incident. When the
 * incident carries a decoded SALESmanago reason, that reason's own title and fix are used instead.
 */
const CAUSES: Record<IncidentCause, { title: string; fix: string }> = {
  credentials: {
    title: 'SALESmanago is refusing the credentials',
    fix: 'Open the integration, enter the API key, API secret and owner exactly as SALESmanago shows them under Settings → Integration → API access, and verify.',
  },
  'failure-rate': {
    title: 'Many events are failing',
    fix: 'Open Needs attention: it groups the failed events by reason and says what to do about each.',
  },
  backlog: {
    title: 'Events are waiting and not being sent',
    fix: 'Check that SALESmanago answers (verify the integration) and that sending is not paused; the events are kept and go out once it works again.',
  },
  'website-silent': {
    title: 'The website stopped sending events',
    fix: "Check that the website is up and that the event code is still on its pages (the integration's Website events page shows the last event received).",
  },
  'snippet-gone': {
    title: 'The monitoring code is no longer on the website',
    fix: "Paste the monitoring code on every page of the website again (the integration's Monitoring code page), then check it there.",
  },
};

export function whatBroke(cause: IncidentCause, reason: string | null): { title: string; fix: string } {
  if (reason && Object.hasOwn(REASONS, reason)) {
    const info = REASONS[reason as ReasonCode];
    return { title: info.title, fix: info.fix };
  }
  return CAUSES[cause];
}

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
const HEX_40 = /\b[0-9a-f]{40,}\b/gi;

/**
 * Free text from an incident (its summary, an integration's name) as a notice may carry it: an email
 * address (a contact's, an owner's) or a sha-like hex string is hidden. The incidents promise none, and
 * a notice leaves the console, so it is checked once more here.
 */
export function withoutPrivateData(text: string): string {
  return text.replace(EMAIL, '(email hidden)').replace(HEX_40, '(hidden)');
}

const inUtc = (ms: number, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(ms));

/** "7 December 2026, 10:15 UTC": the server does not know the reader's time zone, so it says which. */
export function utcTime(ms: number): string {
  const day = inUtc(ms, { day: 'numeric', month: 'long', year: 'numeric' });
  return `${day}, ${inUtc(ms, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} UTC`;
}

/** "Tuesday, 1 December 2026" (UTC). */
export function utcDay(ms: number): string {
  return inUtc(ms, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
