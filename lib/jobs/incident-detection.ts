import 'server-only';

import { pausedIntegrationIds } from '@/lib/data/delivery-due';
import {
  codeLastSeenAt,
  integrationsToCheck,
  outcomesSince,
  pruneOutcomes,
  queueOf,
  scanWebsiteActivity,
} from '@/lib/data/incident-signals';
import { clearIncident, noteWaitingDuringIncident, observeIncident } from '@/lib/data/incident-writes';
import { findOpenIncident } from '@/lib/data/incidents';
import { CLEARED } from '@/lib/incidents/describe';
import { NotFoundError } from '@/lib/errors';
import {
  backlogSignal,
  failureRateSignal,
  minuteOf,
  snippetGoneSignal,
  websiteSilentSignal,
  windowFirstMinute,
  type Signal,
} from '@/lib/incidents/rules';
import { FAILURE_RATE_MAX_WINDOW_MINUTES, thresholdsOf } from '@/lib/validations/incident';

/** How often the incident checks run (a scheduled tick, lib/jobs/timers.ts). */
export const INCIDENT_CHECK_EVERY_MS = 60_000;

/** Opens or refreshes the incident when its signal fires, resolves it when the signal cleared. */
async function apply(integrationId: number, signal: Signal, now: number): Promise<void> {
  if (signal.state === 'firing') {
    await observeIncident(
      {
        integrationId,
        cause: signal.cause,
        summary: signal.summary,
        affected: signal.affected,
        details: signal.details,
      },
      now,
    ).catch((err: unknown) => {
      // Deleted since this check listed it: nothing to open, and the other integrations still go on.
      if (!(err instanceof NotFoundError)) throw err;
    });
  } else if (signal.state === 'clear') {
    await clearIncident(integrationId, signal.cause, now, CLEARED[signal.cause]);
  }
}

/**
 * One run of the incident checks at `now` (the timers' clock): per integration, the failure rate over
 * its window, its queue, its website's silence and its monitoring code, each turned into a signal by the
 * rules (lib/incidents/rules.ts). Credentials incidents open and close with sends and checks
 * (lib/jobs/credentials-health.ts); here only their count of waiting deliveries is kept current.
 */
export async function detectIncidents(now: number): Promise<void> {
  await scanWebsiteActivity();
  // The widest window reaches a day back; an hour more keeps a minute at the edge out of doubt.
  await pruneOutcomes(minuteOf(now) - FAILURE_RATE_MAX_WINDOW_MINUTES - 60);
  const paused = new Set(await pausedIntegrationIds());
  for (const row of await integrationsToCheck()) {
    const t = thresholdsOf(row.incidentThresholds);
    const queue = await queueOf(row.id);
    const signals = [
      failureRateSignal(await outcomesSince(row.id, windowFirstMinute(now, t.failureRateWindowMinutes)), t),
      backlogSignal({ ...queue, paused: paused.has(row.id) }, now, t),
      websiteSilentSignal(
        { lastEventAt: row.websiteEventAt, collectorEnabled: row.collectorEnabled },
        now,
        t,
      ),
      snippetGoneSignal(await codeLastSeenAt(row), now, t),
    ];
    for (const signal of signals) await apply(row.id, signal, now);
    const credentials = await findOpenIncident(row.id, 'credentials');
    if (credentials) await noteWaitingDuringIncident(credentials, queue.queued);
  }
}
