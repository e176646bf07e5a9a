import { filtersFromBody } from '@/lib/api/filters-body';
import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { countForBulk } from '@/lib/data/attention';

export const dynamic = 'force-dynamic';

/** The exact count a bulk "Stop retrying" with these filters would stop, shown before anything happens. */
export const POST = route(async (req) => {
  await requireActor(req, 'deliveries:retry');
  const { filters } = filtersFromBody(await readJson(req, 16 * 1024));
  return json({ count: (await countForBulk('cancel', filters)).count });
});
