import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { deleteUser, getUser, updateUser } from '@/lib/data/users';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const PATCH = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'users:manage');
  const id = idParam((await ctx.params).id);
  const before = await getUser(id);
  const input = (await readJson(req, 8 * 1024)) as Record<string, unknown>;
  const user = await updateUser(id, input, actor.id ?? -1);
  const changes = [
    user.role !== before.role ? `role ${before.role} → ${user.role}` : null,
    user.name !== before.name ? 'name' : null,
    input?.password ? 'password reset' : null,
  ].filter(Boolean);
  await audit(actor.audit, 'user.update', `${user.email}: ${changes.join(', ') || 'no change'}.`, {
    type: 'user',
    id,
  });
  return json(user);
});

export const DELETE = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'users:manage');
  const id = idParam((await ctx.params).id);
  const { email } = await getUser(id);
  await deleteUser(id, actor.id ?? -1);
  await audit(actor.audit, 'user.delete', `Removed ${email}.`, { type: 'user', id });
  return new Response(null, { status: 204 });
});
