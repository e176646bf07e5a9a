import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { resendDelivery } from '@/lib/delivery/resend';

export const dynamic = 'force-dynamic';

/** Sends the same event again as a new delivery linked to this one. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = requireActor(req, 'events:send');
  return json(await resendDelivery(idParam((await ctx.params).id), actor.id), { status: 201 });
});
