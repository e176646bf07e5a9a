import { readNote } from '@/lib/api/note-body';
import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { clockNow } from '@/lib/clock';
import { audit } from '@/lib/data/audit';
import { resolveIncident } from '@/lib/data/incident-writes';
import { getIncident } from '@/lib/data/incidents';
import { afterCredentialsIncident } from '@/lib/jobs/credentials-health';

export const dynamic = 'force-dynamic';

/**
 * Resolves an incident by hand, with an optional `{ "reason" }` note (409 when already resolved). A
 * credentials incident resolved by hand resumes sending as if the credentials had verified again.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = requireActor(req, 'incidents:manage');
  const id = idParam((await ctx.params).id);
  const note = await readNote(req);
  const now = clockNow();
  const row = resolveIncident(id, actor.audit, note, now);
  if (row.cause === 'credentials') afterCredentialsIncident(row, now);
  audit(
    actor.audit,
    'incident.resolve',
    `Resolved incident #${id} of “${row.integrationName}”${note ? `: ${note}` : '.'}`,
    { type: 'incident', id },
    note ? { reason: note } : undefined,
  );
  return json(getIncident(id));
});
