import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { listSandboxContacts } from '@/lib/data/sandbox-contacts';

export const dynamic = 'force-dynamic';

/** The sandbox account and its contacts; any signed-in role may read them (they hold no secrets). */
export const GET = route(async (req) => {
  await requireActor(req, 'deliveries:read');
  return json(await listSandboxContacts({ limit: new URL(req.url).searchParams.get('limit') ?? undefined }));
});
