import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { createTemplate, listTemplates } from '@/lib/data/templates';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'integrations:read');
  return json({ items: await listTemplates(idParam((await ctx.params).id)) });
});

export const POST = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'templates:manage');
  return json(await createTemplate(idParam((await ctx.params).id), await readJson(req, 64 * 1024)), {
    status: 201,
  });
});
