import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { resendDelivery } from '@/lib/delivery/resend';

export const dynamic = 'force-dynamic';

/** Sends the same event again as a new delivery linked to this one. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'events:send');
  const id = idParam((await ctx.params).id);
  const copy = await resendDelivery(id, actor.id);
  await audit(actor.audit, 'event.resend', `Resent delivery #${id} as #${copy.id} (${copy.status}).`, {
    type: 'delivery',
    id: copy.id,
  });
  return json(copy, { status: 201 });
});
