import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { clockNow } from '@/lib/clock';
import { checkCredentials } from '@/lib/jobs/credentials-health';

export const dynamic = 'force-dynamic';

/**
 * Live credential check; admins only, since it reveals the account's user list. Like the scheduled
 * check, a refusal opens the credentials incident (pausing sending) and a pass resolves it.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'integrations:manage');
  const result = await checkCredentials(idParam((await ctx.params).id), 'manual', clockNow());
  return json(result);
});
