import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { deleteIntegration, getIntegration, updateIntegration } from '@/lib/data/integrations';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req, ctx: Ctx) => {
  const actor = requireActor(req, 'integrations:read');
  return json(getIntegration(idParam((await ctx.params).id), actor.role));
});

export const PATCH = route(async (req, ctx: Ctx) => {
  const actor = requireActor(req, 'integrations:manage');
  const id = idParam((await ctx.params).id);
  return json(updateIntegration(id, await readJson(req, 16 * 1024), actor.role));
});

export const DELETE = route(async (req, ctx: Ctx) => {
  requireActor(req, 'integrations:manage');
  deleteIntegration(idParam((await ctx.params).id));
  return new Response(null, { status: 204 });
});
