import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { acknowledgeIncidentBy } from '@/lib/jobs/incident-actions';

export const dynamic = 'force-dynamic';

/** "I am on it": an open incident becomes acknowledged, with who (409 when it is not open). */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'incidents:manage');
  return json(await acknowledgeIncidentBy(actor.audit, idParam((await ctx.params).id)));
});
