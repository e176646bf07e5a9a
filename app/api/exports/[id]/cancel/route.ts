import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { requestJobCancel } from '@/lib/data/jobs';
import { ownExportJob } from '@/lib/jobs/export-files';

export const dynamic = 'force-dynamic';

/**
 * Stops a person's own export (any role may export, so any role may cancel its own; the job deletes
 * the unfinished file when it notices). 404 for someone else's.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'deliveries:read');
  const id = idParam((await ctx.params).id);
  await ownExportJob(id, actor.id);
  return json(await requestJobCancel(id, 'export'));
});
