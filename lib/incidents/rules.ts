// The incident rules (issue 16) as pure functions: from what the data layer measured to "firing",
// "clear" or "unknown" for one cause of one integration. lib/jobs/incident-detection.ts applies them on
// a timer; the incidents table deduplicates (one unresolved incident per integration and cause).
import type { IncidentCause } from '@/db/enums';
import { formatElapsed, plural } from '@/lib/format';
import type { IncidentThresholds } from '@/lib/validations/incident';

export const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface Signal {
  cause: IncidentCause;
  /** firing: open (or keep open) an incident; clear: resolve an open one; unknown: leave it as it is. */
  state: 'firing' | 'clear' | 'unknown';
  /** A plain sentence of what was seen (never a secret or contact), when firing. */
  summary: string;
  /** Deliveries that failed or wait because of it. */
  affected: number;
  /** The measurements behind the verdict, kept on the incident. */
  details: Record<string, number | string | null>;
}

const clear = (cause: IncidentCause, details: Signal['details'] = {}): Signal => ({
  cause,
  state: 'clear',
  summary: '',
  affected: 0,
  details,
});

/** The epoch minute a time falls in: answers are counted per minute (delivery_outcome_minutes). */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS);
}

/**
 * The first minute a window of `windowMinutes` counts: the current minute and the ones before it. A
 * 15-minute window at 10:14:30 counts 10:00 to 10:14 (the answers of 14.5 minutes and part of the 15th),
 * so an answer leaves the window between 14 and 15 minutes after it came.
 */
export function windowFirstMinute(now: number, windowMinutes: number): number {
  return minuteOf(now) - windowMinutes + 1;
}

/**
 * Failure rate: at least `failureRatePercent` % of at least `failureRateMinDeliveries` answers in the
 * window failed. Fewer answers than that are too few to judge, which also clears an open incident once
 * the failures stop and leave the window.
 */
export function failureRateSignal(
  counts: { succeeded: number; failed: number },
  t: IncidentThresholds,
): Signal {
  const settled = counts.succeeded + counts.failed;
  const percent = settled ? Math.round((counts.failed / settled) * 1000) / 10 : 0;
  const details = {
    failed: counts.failed,
    settled,
    percent,
    windowMinutes: t.failureRateWindowMinutes,
  };
  // Compared in whole numbers: 20 % of 20 is exactly 4 failures, whatever floating point says.
  if (settled < t.failureRateMinDeliveries || counts.failed * 100 < t.failureRatePercent * settled)
    return clear('failure-rate', details);
  return {
    cause: 'failure-rate',
    state: 'firing',
    summary: `${plural(counts.failed, 'delivery', 'deliveries')} of the last ${settled} failed within ${plural(t.failureRateWindowMinutes, 'minute')} (${percent} %).`,
    affected: counts.failed,
    details,
  };
}

/**
 * Backlog: the oldest delivery waiting to be sent has waited longer than `backlogMinutes`. While sending
 * is paused, waiting is what deliveries are meant to do: the rule says nothing then (the pause and its
 * reason are on screen), and speaks again once sending resumes.
 */
export function backlogSignal(
  queue: { oldestQueuedAt: number | null; queued: number; paused: boolean },
  now: number,
  t: IncidentThresholds,
): Signal {
  if (queue.paused) return { ...clear('backlog'), state: 'unknown' };
  if (queue.oldestQueuedAt === null) return clear('backlog', { queued: 0 });
  const waited = now - queue.oldestQueuedAt;
  const details = { queued: queue.queued, oldestWaitedMs: waited, thresholdMinutes: t.backlogMinutes };
  if (waited < t.backlogMinutes * MINUTE_MS) return clear('backlog', details);
  return {
    cause: 'backlog',
    state: 'firing',
    summary: `${plural(queue.queued, 'delivery is', 'deliveries are')} waiting to be sent; the oldest has waited ${formatElapsed(waited)}.`,
    affected: queue.queued,
    details,
  };
}

/**
 * Website silent: the collector received nothing for this integration for `websiteSilentHours`, after
 * it had received something. Off until the first website event, and while website events are turned off.
 */
export function websiteSilentSignal(
  site: { lastEventAt: number | null; collectorEnabled: boolean },
  now: number,
  t: IncidentThresholds,
): Signal {
  if (site.lastEventAt === null || !site.collectorEnabled) return clear('website-silent');
  const silent = now - site.lastEventAt;
  const details = { lastEventAt: site.lastEventAt, thresholdHours: t.websiteSilentHours };
  if (silent < t.websiteSilentHours * HOUR_MS) return clear('website-silent', details);
  return {
    cause: 'website-silent',
    state: 'firing',
    summary: `The website has sent no event for ${formatElapsed(silent)}.`,
    affected: 0,
    details,
  };
}

/**
 * Monitoring code gone: the installation check saw the code, and has not seen it for `snippetGoneHours`
 * since. Off for an integration where the code was never seen (or cannot be: lib/data/installation.ts).
 */
export function snippetGoneSignal(lastSeenAt: number | null, now: number, t: IncidentThresholds): Signal {
  if (lastSeenAt === null) return clear('snippet-gone');
  const gone = now - lastSeenAt;
  const details = { lastSeenAt, thresholdHours: t.snippetGoneHours };
  if (gone < t.snippetGoneHours * HOUR_MS) return clear('snippet-gone', details);
  return {
    cause: 'snippet-gone',
    state: 'firing',
    summary: `The monitoring code has not been seen on the website for ${formatElapsed(gone)}.`,
    affected: 0,
    details,
  };
}

/** The credential health check (every 6 hours per integration, lib/jobs/credentials-health.ts). */
export const CREDENTIALS_CHECK_EVERY_MS = 6 * HOUR_MS;
/** While SALESmanago refuses them, sooner: an owner put back in SALESmanago resumes sending within the hour. */
export const CREDENTIALS_RECHECK_WHILE_REFUSED_MS = HOUR_MS;

/**
 * Whether an integration's credentials are due for a check: six hours after the last one (or after it
 * was added), hourly while a credentials incident is open, at once after a send was refused since the
 * last check, and at once after an edit cleared the last check while the incident is open.
 */
export function credentialsCheckDue(
  i: { verifiedAt: number | null; createdAt: number; lastRefusalAt: number | null; incidentOpen: boolean },
  now: number,
): boolean {
  if (i.lastRefusalAt !== null && i.lastRefusalAt > (i.verifiedAt ?? 0)) return true;
  if (i.incidentOpen && i.verifiedAt === null) return true;
  const every = i.incidentOpen ? CREDENTIALS_RECHECK_WHILE_REFUSED_MS : CREDENTIALS_CHECK_EVERY_MS;
  return now - (i.verifiedAt ?? i.createdAt) >= every;
}
