import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getIncident } from '@/lib/data/incidents';

export const dynamic = 'force-dynamic';

/** One incident with its timeline. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  requireActor(req, 'incidents:read');
  return json(getIncident(idParam((await ctx.params).id)));
});
