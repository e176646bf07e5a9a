import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { cancelBackfill } from '@/lib/backfill/lifecycle';

export const dynamic = 'force-dynamic';

/** Stops the import after the chunk being written; rows already imported stay in the history and are sent. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'backfill:run');
  return json(await cancelBackfill(idParam((await ctx.params).id)));
});
