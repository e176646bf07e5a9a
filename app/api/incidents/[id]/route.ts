import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getIncident } from '@/lib/data/incidents';
import { acknowledgeIncidentBy, resolveIncidentBy } from '@/lib/jobs/incident-actions';
import { incidentChangeSchema } from '@/lib/validations/incident';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

/** One incident with its timeline. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'incidents:read');
  return json(await getIncident(idParam((await ctx.params).id)));
});

/**
 * `{ "state": "acknowledged" }` or `{ "state": "resolved", "reason"? }`: the same two actions as
 * POST …/acknowledge and …/resolve, in the form product.md's API names.
 */
export const PATCH = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'incidents:manage');
  const id = idParam((await ctx.params).id);
  const change = parseOrThrow(incidentChangeSchema, await readJson(req, 4 * 1024));
  return json(
    change.state === 'acknowledged'
      ? await acknowledgeIncidentBy(actor.audit, id)
      : await resolveIncidentBy(actor.audit, id, change.reason || null),
  );
});
