import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getJob, requestJobCancel } from '@/lib/data/jobs';

export const dynamic = 'force-dynamic';

/** Asks a running job to stop after its current chunk; the work already done stays done. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  requireActor(req, 'deliveries:retry');
  const id = idParam((await ctx.params).id);
  return json(requestJobCancel(id, getJob(id).kind));
});
