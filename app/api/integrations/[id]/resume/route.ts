import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { clockNow } from '@/lib/clock';
import { audit } from '@/lib/data/audit';
import { getIntegration } from '@/lib/data/integrations';
import { resumeSending } from '@/lib/data/sending-pause';
import { wakeWorker } from '@/lib/delivery/worker';

export const dynamic = 'force-dynamic';

/**
 * Resumes what a person paused (409 when it was not paused by hand). A pause by a credentials incident
 * ends when the credentials verify again, or when the incident is resolved.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'sending:pause');
  const id = idParam((await ctx.params).id);
  const { name } = await getIntegration(id, actor.role);
  await resumeSending(id, actor.audit, clockNow());
  wakeWorker();
  await audit(actor.audit, 'integration.resume', `Resumed sending to “${name}”.`, {
    type: 'integration',
    id,
  });
  return json(await getIntegration(id, actor.role));
});
