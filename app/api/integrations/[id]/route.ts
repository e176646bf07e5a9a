import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { describeIntegrationChange } from '@/lib/data/audit-describe';
import { deleteIntegration, getIntegration, updateIntegration } from '@/lib/data/integrations';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'integrations:read');
  return json(await getIntegration(idParam((await ctx.params).id), actor.role));
});

export const PATCH = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'integrations:manage');
  const id = idParam((await ctx.params).id);
  const input = await readJson(req, 16 * 1024);
  const updated = await updateIntegration(id, input, actor.role);
  await audit(actor.audit, 'integration.update', `“${updated.name}”: ${describeIntegrationChange(input)}`, {
    type: 'integration',
    id,
  });
  return json(updated);
});

export const DELETE = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'integrations:manage');
  const id = idParam((await ctx.params).id);
  const { name } = await getIntegration(id, actor.role);
  await deleteIntegration(id, actor.audit);
  await audit(actor.audit, 'integration.delete', `Deleted integration “${name}”.`, {
    type: 'integration',
    id,
  });
  return new Response(null, { status: 204 });
});
