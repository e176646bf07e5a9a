import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { getRetention, updateGlobalRetention } from '@/lib/data/retention';

export const dynamic = 'force-dynamic';

/** The retention settings: console-wide, per integration, and what the last run removed. */
export const GET = route(async (req) => {
  await requireActor(req, 'retention:manage');
  return json(await getRetention());
});

export const PUT = route(async (req) => {
  const actor = await requireActor(req, 'retention:manage');
  const value = await updateGlobalRetention(await readJson(req, 4 * 1024));
  await audit(
    actor.audit,
    'retention.update',
    `Set retention: deliveries ${value.deliveriesDays} days, request and response bodies ${value.bodiesDays} days.`,
    undefined,
    value,
  );
  return json(await getRetention());
});
