import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { createIntegration, listIntegrations } from '@/lib/data/integrations';

export const dynamic = 'force-dynamic';

export const GET = route((req) => {
  const actor = requireActor(req, 'integrations:read');
  return json({ items: listIntegrations(actor.role) });
});

export const POST = route(async (req) => {
  const actor = requireActor(req, 'integrations:manage');
  return json(createIntegration(await readJson(req, 16 * 1024), actor.role), { status: 201 });
});
