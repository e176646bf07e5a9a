import { decisionNote, readNote } from '@/lib/api/note-body';
import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { getDeliveryDetail } from '@/lib/data/deliveries';
import { markDelivered } from '@/lib/data/delivery-chain';

export const dynamic = 'force-dynamic';

/** "Mark as delivered": the answer to a delivery that may already be in SALESmanago, after checking it is. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'deliveries:retry');
  const id = idParam((await ctx.params).id);
  const reason = await readNote(req);
  await markDelivered(id, decisionNote('Marked as delivered', actor.audit.label, reason), Date.now());
  await audit(
    actor.audit,
    'delivery.mark_delivered',
    `Marked delivery #${id} as delivered${reason ? `: ${reason}` : '.'}`,
    { type: 'delivery', id },
    reason ? { reason } : undefined,
  );
  return json(await getDeliveryDetail(id));
});
