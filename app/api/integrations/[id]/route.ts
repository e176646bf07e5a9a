import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { describeIntegrationChange } from '@/lib/data/audit-describe';
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
  const input = await readJson(req, 16 * 1024);
  const updated = updateIntegration(id, input, actor.role);
  audit(actor.audit, 'integration.update', `“${updated.name}”: ${describeIntegrationChange(input)}`, {
    type: 'integration',
    id,
  });
  return json(updated);
});

export const DELETE = route(async (req, ctx: Ctx) => {
  const actor = requireActor(req, 'integrations:manage');
  const id = idParam((await ctx.params).id);
  const { name } = getIntegration(id, actor.role);
  deleteIntegration(id, actor.audit);
  audit(actor.audit, 'integration.delete', `Deleted integration “${name}”.`, { type: 'integration', id });
  return new Response(null, { status: 204 });
});
