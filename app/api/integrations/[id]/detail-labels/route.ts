import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getDetailLabels, setDetailLabels } from '@/lib/data/templates';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** Names for detail1..detail20 per integration (e.g. detail9 = currency), reused by the composer. */
export const GET = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'integrations:read');
  return json({ labels: await getDetailLabels(idParam((await ctx.params).id)) });
});

export const PUT = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'templates:manage');
  return json({
    labels: await setDetailLabels(idParam((await ctx.params).id), await readJson(req, 16 * 1024)),
  });
});
