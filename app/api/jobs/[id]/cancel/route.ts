import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getJob, requestJobCancel } from '@/lib/data/jobs';

export const dynamic = 'force-dynamic';

/** Asks a running job to stop after its current chunk; the work already done stays done. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'deliveries:retry');
  const id = idParam((await ctx.params).id);
  return json(await requestJobCancel(id, (await getJob(id)).kind));
});
