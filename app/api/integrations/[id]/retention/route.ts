import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { getIntegrationRow } from '@/lib/data/integrations';
import { getRetention, updateIntegrationRetention } from '@/lib/data/retention';

export const dynamic = 'force-dynamic';

const days = (n: number | null) => (n === null ? 'as the console' : `${n} days`);

/** One integration's retention override; null for a value means "as the console-wide setting". */
export const PUT = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'retention:manage');
  const id = idParam((await ctx.params).id);
  const value = await updateIntegrationRetention(id, await readJson(req, 4 * 1024));
  await audit(
    actor.audit,
    'retention.update',
    `Set retention for “${(await getIntegrationRow(id)).name}”: deliveries ${days(value.deliveriesDays)}, bodies ${days(value.bodiesDays)}.`,
    { type: 'integration', id },
    value,
  );
  return json(await getRetention());
});
