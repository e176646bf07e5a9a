import { decisionNote, readNote } from '@/lib/api/note-body';
import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { getDeliveryDetail } from '@/lib/data/deliveries';
import { stopRetryingOne } from '@/lib/data/delivery-chain';

export const dynamic = 'force-dynamic';

/** "Stop retrying": a waiting or retrying delivery ends as cancelled, with who stopped it and why. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'deliveries:retry');
  const id = idParam((await ctx.params).id);
  const reason = await readNote(req);
  await stopRetryingOne(id, decisionNote('Stopped', actor.audit.label, reason), Date.now());
  await audit(
    actor.audit,
    'delivery.cancel',
    `Stopped retrying delivery #${id}${reason ? `: ${reason}` : '.'}`,
    { type: 'delivery', id },
    reason ? { reason } : undefined,
  );
  return json(await getDeliveryDetail(id));
});
