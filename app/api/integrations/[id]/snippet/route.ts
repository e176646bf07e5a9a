import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getSnippet } from '@/lib/data/snippet-options';

export const dynamic = 'force-dynamic';

/**
 * `{html, options}`: the monitoring code with the saved options, or with the options the query
 * names (`smapp, smcustom, smbanners, clt, smclientid, popups, cmd…, format=readable|minified`).
 */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'integrations:read');
  const id = idParam((await ctx.params).id);
  return json(await getSnippet(id, new URL(req.url).searchParams));
});
