import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { rotateCollectorKey } from '@/lib/data/collector';

export const dynamic = 'force-dynamic';

/** A new collector key: snippets with the old key stop working at once (404). */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'integrations:manage');
  const id = idParam((await ctx.params).id);
  const view = await rotateCollectorKey(id);
  await audit(
    actor.audit,
    'collector.rotate_key',
    'Changed the collector key; snippets with the old key now get 404.',
    { type: 'integration', id },
  );
  return json(view);
});
