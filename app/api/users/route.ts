import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { createUser, listUsers } from '@/lib/data/users';

export const dynamic = 'force-dynamic';

export const GET = route((req) => {
  requireActor(req, 'users:manage');
  return json({ items: listUsers() });
});

export const POST = route(async (req) => {
  const actor = requireActor(req, 'users:manage');
  const user = await createUser(await readJson(req, 8 * 1024));
  audit(actor.audit, 'user.create', `Added ${user.email} as ${user.role}.`, { type: 'user', id: user.id });
  return json(user, { status: 201 });
});
