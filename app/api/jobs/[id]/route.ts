import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getJob } from '@/lib/data/jobs';

export const dynamic = 'force-dynamic';

export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'deliveries:read');
  return json(await getJob(idParam((await ctx.params).id)));
});
