import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getIntegrationRow } from '@/lib/data/integrations';
import { listVerifications } from '@/lib/data/verifications';

export const dynamic = 'force-dynamic';

/** The integration's credential checks, newest first: by hand, on the schedule, after a refusal or an edit. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'integrations:read');
  const id = idParam((await ctx.params).id);
  await getIntegrationRow(id);
  return json({ items: await listVerifications(id) });
});
