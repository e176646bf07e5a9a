import 'server-only';

import { clockNow } from '@/lib/clock';
import { audit, type AuditActor } from '@/lib/data/audit';
import { acknowledgeIncident, resolveIncident } from '@/lib/data/incident-writes';
import { getIncident } from '@/lib/data/incidents';
import { afterCredentialsIncident } from './credentials-health';

// What a person does to an incident, audited: one place for POST …/acknowledge, POST …/resolve and
// PATCH /api/incidents/:id (product.md's spelling of the same two actions).

/** "I am on it": an open incident becomes acknowledged, with who (409 when it is not open). */
export async function acknowledgeIncidentBy(actor: AuditActor, id: number) {
  const row = await acknowledgeIncident(id, actor, clockNow());
  await audit(actor, 'incident.acknowledge', `Acknowledged incident #${id} of “${row.integrationName}”.`, {
    type: 'incident',
    id,
  });
  return await getIncident(id);
}

/**
 * Resolved by hand, with an optional note (409 when already resolved). A credentials incident resolved
 * by hand resumes sending as if the credentials had verified again.
 */
export async function resolveIncidentBy(actor: AuditActor, id: number, note: string | null) {
  const now = clockNow();
  const row = await resolveIncident(id, actor, note, now);
  if (row.cause === 'credentials') await afterCredentialsIncident(row, now);
  await audit(
    actor,
    'incident.resolve',
    `Resolved incident #${id} of “${row.integrationName}”${note ? `: ${note}` : '.'}`,
    { type: 'incident', id },
    note ? { reason: note } : undefined,
  );
  return await getIncident(id);
}
