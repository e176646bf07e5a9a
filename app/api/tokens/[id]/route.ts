import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { revokeToken } from '@/lib/data/tokens';

export const dynamic = 'force-dynamic';

/** Revokes a token at once; it stays listed as revoked. */
export const DELETE = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'tokens:manage');
  const view = await revokeToken(idParam((await ctx.params).id));
  await audit(actor.audit, 'token.revoke', `Revoked API token “${view.name}”.`, {
    type: 'token',
    id: view.id,
  });
  return json(view);
});
