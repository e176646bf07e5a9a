import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import '@/lib/jobs/kinds';
import { startRetentionRun } from '@/lib/jobs/retention';

export const dynamic = 'force-dynamic';

/** "Run now": starts a retention run (or answers with the one under way); 202 with the job. */
export const POST = route(async (req) => {
  const actor = await requireActor(req, 'retention:manage');
  return json({ job: await startRetentionRun(actor.audit) }, { status: 202 });
});
