import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { createUser, listUsers } from '@/lib/data/users';

export const dynamic = 'force-dynamic';

export const GET = route((req) => {
  requireActor(req, 'users:manage');
  return json({ items: listUsers() });
});

export const POST = route(async (req) => {
  requireActor(req, 'users:manage');
  return json(await createUser(await readJson(req, 8 * 1024)), { status: 201 });
});
