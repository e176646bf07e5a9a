import { readNote } from '@/lib/api/note-body';
import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { resolveIncidentBy } from '@/lib/jobs/incident-actions';

export const dynamic = 'force-dynamic';

/**
 * Resolves an incident by hand, with an optional `{ "reason" }` note (409 when already resolved). A
 * credentials incident resolved by hand resumes sending as if the credentials had verified again.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'incidents:manage');
  const id = idParam((await ctx.params).id);
  return json(await resolveIncidentBy(actor.audit, id, await readNote(req)));
});
