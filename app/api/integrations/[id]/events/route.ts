import { flag } from '@/lib/api/query-flags';
import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { sendEvent } from '@/lib/delivery/compose';

export const dynamic = 'force-dynamic';

/**
 * Compose and send one external event. `?dryRun=1` runs every check and returns the exact request
 * without sending or recording anything; `?confirmDuplicate=1` goes past the duplicate guard.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = requireActor(req, 'events:send');
  const integrationId = idParam((await ctx.params).id);
  const input = await readJson(req, 64 * 1024);
  const result = await sendEvent({
    integrationId,
    input,
    createdBy: actor.id,
    source: actor.via === 'token' ? 'api' : 'composer',
    dryRun: flag(req, 'dryRun'),
    confirmDuplicate: flag(req, 'confirmDuplicate'),
  });
  return json(result, { status: 'dryRun' in result ? 200 : 201 });
});
