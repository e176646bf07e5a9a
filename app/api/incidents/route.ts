import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { listIncidents, openIncidentCount } from '@/lib/data/incidents';
import { incidentFiltersSchema } from '@/lib/validations/incident';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

/**
 * Incidents, newest first: `state=open` (open and acknowledged, the default) or `state=past` (resolved),
 * optionally of one `integrationId`, paginated by `cursor`. `countOnly=1` answers the open count only.
 */
export const GET = route(async (req) => {
  await requireActor(req, 'incidents:read');
  const sp = new URL(req.url).searchParams;
  if (sp.get('countOnly')) return json({ total: await openIncidentCount() });
  return json(await listIncidents(parseOrThrow(incidentFiltersSchema, Object.fromEntries(sp))));
});
