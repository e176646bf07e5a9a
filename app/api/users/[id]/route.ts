import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { deleteUser, updateUser } from '@/lib/data/users';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const PATCH = route(async (req, ctx: Ctx) => {
  const actor = requireActor(req, 'users:manage');
  return json(await updateUser(idParam((await ctx.params).id), await readJson(req, 8 * 1024), actor.id));
});

export const DELETE = route(async (req, ctx: Ctx) => {
  const actor = requireActor(req, 'users:manage');
  deleteUser(idParam((await ctx.params).id), actor.id);
  return new Response(null, { status: 204 });
});
