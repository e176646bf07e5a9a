import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { previewBackfill } from '@/lib/backfill/lifecycle';

export const dynamic = 'force-dynamic';

/**
 * `{mapping, options}` in; the first rows converted (with each row's problems) and counts over the whole
 * file out. Reads the file, writes nothing; stops early when the caller goes away.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'backfill:run');
  const id = idParam((await ctx.params).id);
  return json(await previewBackfill(id, await readJson(req, 128 * 1024), req.signal));
});
