import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { discardBackfill, getBackfill } from '@/lib/backfill/lifecycle';

export const dynamic = 'force-dynamic';

/** One import with its progress, its first problems, and how its deliveries are doing. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'backfill:run');
  return json(await getBackfill(idParam((await ctx.params).id)));
});

/** Throws away an upload that was never started (its file too). A started import is cancelled instead. */
export const DELETE = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'backfill:run');
  await discardBackfill(idParam((await ctx.params).id));
  return new Response(null, { status: 204 });
});
