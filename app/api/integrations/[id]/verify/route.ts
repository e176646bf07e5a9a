import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { verifyIntegration } from '@/lib/integrations/verify';

export const dynamic = 'force-dynamic';

/** Live credential check; admins only, since it reveals the account's user list. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  requireActor(req, 'integrations:manage');
  const result = await verifyIntegration(idParam((await ctx.params).id));
  return json(result);
});
