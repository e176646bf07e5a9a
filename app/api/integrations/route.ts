import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { createIntegration, listIntegrations } from '@/lib/data/integrations';

export const dynamic = 'force-dynamic';

export const GET = route(async (req) => {
  const actor = await requireActor(req, 'integrations:read');
  return json({ items: await listIntegrations(actor.role) });
});

export const POST = route(async (req) => {
  const actor = await requireActor(req, 'integrations:manage');
  const created = await createIntegration(await readJson(req, 16 * 1024), actor.role);
  await audit(actor.audit, 'integration.create', `Added integration “${created.name}” (${created.host}).`, {
    type: 'integration',
    id: created.id,
  });
  return json(created, { status: 201 });
});
