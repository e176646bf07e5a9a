import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { startBackfill } from '@/lib/jobs/backfill';

export const dynamic = 'force-dynamic';

/** `{mapping, options}` in: fixes the mapping and starts the import (once). Answers 202 with its progress. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'backfill:run');
  const id = idParam((await ctx.params).id);
  return json(await startBackfill(id, await readJson(req, 128 * 1024)), { status: 202 });
});
