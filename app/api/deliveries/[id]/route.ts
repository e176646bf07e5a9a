import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getDeliveryDetail } from '@/lib/data/deliveries';

export const dynamic = 'force-dynamic';

export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'deliveries:read');
  return json(await getDeliveryDetail(idParam((await ctx.params).id)));
});
