import 'server-only';

import type { VerificationTrigger } from '@/db/enums';
import { integrationsToCheck } from '@/lib/data/incident-signals';
import {
  clearIncident,
  noteCredentialsCheckFailed,
  retryRefusedDuringIncident,
} from '@/lib/data/incident-writes';
import { addIncidentEvent, findOpenIncident } from '@/lib/data/incidents';
import { wakeWorker } from '@/lib/delivery/worker';
import { CredentialsChangedError } from '@/lib/errors';
import { plural } from '@/lib/format';
import { credentialsVerdict } from '@/lib/incidents/credentials';
import { CLEARED } from '@/lib/incidents/describe';
import { credentialsCheckDue } from '@/lib/incidents/rules';
import { verifyIntegration } from '@/lib/integrations/verify';
import { logError } from '@/lib/log';

type IncidentRow = NonNullable<Awaited<ReturnType<typeof findOpenIncident>>>;

/** How often the schedule looks for integrations due a check (the checks themselves: lib/incidents/rules.ts). */
export const CREDENTIALS_TICK_EVERY_MS = 15_000;

/**
 * After a credentials incident resolved (the credentials verified again, or a person resolved it):
 * sending resumes by itself (the pause was the incident), the deliveries refused during it go once
 * more, and the worker is woken to drain the queue in batches.
 */
export async function afterCredentialsIncident(resolved: IncidentRow, now: number): Promise<number> {
  const retried = await retryRefusedDuringIncident(resolved, now);
  await addIncidentEvent(
    resolved.id,
    'resumed',
    retried
      ? `Sending resumed; ${plural(retried, 'delivery', 'deliveries')} refused during the incident ${retried === 1 ? 'goes' : 'go'} once more.`
      : 'Sending resumed.',
    now,
  );
  wakeWorker();
  return retried;
}

/**
 * Verifies an integration's credentials (Verify, the schedule, after a refusal or an edit) and applies
 * the verdict: refused opens (or keeps) the credentials incident, which pauses sending; accepted
 * resolves it and sending resumes. A check that could not tell (SALESmanago unreachable) changes nothing,
 * and neither does one whose credentials were edited while it ran (CredentialsChangedError: its verdict
 * spoke of the old ones).
 */
export async function checkCredentials(integrationId: number, trigger: VerificationTrigger, now: number) {
  const result = await verifyIntegration(integrationId, trigger);
  const verdict = credentialsVerdict(result);
  if (verdict.kind === 'refused') await noteCredentialsCheckFailed(integrationId, verdict.reason, now);
  if (verdict.kind === 'accepted') {
    const resolved = await clearIncident(integrationId, 'credentials', now, CLEARED.credentials);
    if (resolved) await afterCredentialsIncident(resolved, now);
  }
  return result;
}

/** One tick: checks, one after another, every integration whose credentials are due (rules.ts). */
export async function credentialsHealthTick(now: number): Promise<void> {
  for (const integration of await integrationsToCheck()) {
    const incident = await findOpenIncident(integration.id, 'credentials');
    const lastRefusalAt = (incident?.details as { lastRefusalAt?: number } | null)?.lastRefusalAt ?? null;
    const state = { ...integration, lastRefusalAt, incidentOpen: Boolean(incident) };
    if (!credentialsCheckDue(state, now)) continue;
    const trigger: VerificationTrigger =
      lastRefusalAt !== null && lastRefusalAt > (integration.verifiedAt ?? 0)
        ? 'refusal'
        : incident && integration.verifiedAt === null
          ? 'edit'
          : 'schedule';
    // One integration's trouble (a deleted row, an unreadable secret) must not stop the others' checks.
    // Credentials edited during the check are no trouble: the verdict was dropped, and the edit made
    // a check of the new ones due (rules.ts).
    await checkCredentials(integration.id, trigger, now).catch((err: unknown) => {
      if (!(err instanceof CredentialsChangedError))
        logError(`credential check of integration ${integration.id}`, err);
    });
  }
}
