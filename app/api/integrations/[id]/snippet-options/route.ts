import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getSnippetOptions, saveSnippetOptions } from '@/lib/data/snippet-options';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'integrations:read');
  return json({ options: await getSnippetOptions(idParam((await ctx.params).id)) });
});

/** Replaces the saved options (the whole object; omitted flags are off). */
export const PUT = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'snippet:manage');
  const id = idParam((await ctx.params).id);
  return json({ options: await saveSnippetOptions(id, await readJson(req, 16 * 1024)) });
});
