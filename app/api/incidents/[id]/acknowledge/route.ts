import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { clockNow } from '@/lib/clock';
import { audit } from '@/lib/data/audit';
import { acknowledgeIncident } from '@/lib/data/incident-writes';
import { getIncident } from '@/lib/data/incidents';

export const dynamic = 'force-dynamic';

/** "I am on it": an open incident becomes acknowledged, with who (409 when it is not open). */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = requireActor(req, 'incidents:manage');
  const id = idParam((await ctx.params).id);
  const row = acknowledgeIncident(id, actor.audit, clockNow());
  audit(actor.audit, 'incident.acknowledge', `Acknowledged incident #${id} of “${row.integrationName}”.`, {
    type: 'incident',
    id,
  });
  return json(getIncident(id));
});
