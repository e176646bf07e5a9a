import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { rotateCollectorKey } from '@/lib/data/collector';

export const dynamic = 'force-dynamic';

/** A new collector key: snippets with the old key stop working at once (404). */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  requireActor(req, 'integrations:manage');
  return json(rotateCollectorKey(idParam((await ctx.params).id)));
});
