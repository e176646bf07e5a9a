import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getOverview } from '@/lib/data/overview';
import { overviewQuerySchema } from '@/lib/validations/overview';

export const dynamic = 'force-dynamic';

const PARAMS = ['period', 'from', 'to', 'integrationId', 'basis', 'tz'] as const;

/**
 * The overview's numbers for automation and the `/` screen alike (README, "JSON API: overview"). Any
 * role that reads the history may read them. Only the known parameters are read, each once: a bad one
 * is a 422 naming it, an unknown integration a 404.
 */
export const GET = route(async (req) => {
  await requireActor(req, 'deliveries:read');
  const sp = new URL(req.url).searchParams;
  const input = Object.fromEntries(PARAMS.flatMap((k) => (sp.has(k) ? [[k, sp.get(k)]] : [])));
  return json(await getOverview(overviewQuerySchema.parse(input)));
});
