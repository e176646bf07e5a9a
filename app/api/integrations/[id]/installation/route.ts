import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getInstallation } from '@/lib/data/installation';

export const dynamic = 'force-dynamic';

/** Whether the sandbox has seen the monitoring code run: `{detection, lastSeen: {url, at} | null}`. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'integrations:read');
  return json(await getInstallation(idParam((await ctx.params).id)));
});
