import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getSandboxContact } from '@/lib/data/sandbox-contacts';

export const dynamic = 'force-dynamic';

/** One sandbox contact and the events it received, newest first. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'deliveries:read');
  return json(await getSandboxContact((await ctx.params).id));
});
