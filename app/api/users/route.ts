import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { createUser, listUsers } from '@/lib/data/users';

export const dynamic = 'force-dynamic';

export const GET = route(async (req) => {
  await requireActor(req, 'users:manage');
  return json({ items: await listUsers() });
});

export const POST = route(async (req) => {
  const actor = await requireActor(req, 'users:manage');
  const user = await createUser(await readJson(req, 8 * 1024));
  await audit(actor.audit, 'user.create', `Added ${user.email} as ${user.role}.`, {
    type: 'user',
    id: user.id,
  });
  return json(user, { status: 201 });
});
