import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { getRetention, updateGlobalRetention } from '@/lib/data/retention';

export const dynamic = 'force-dynamic';

/** The retention settings: console-wide, per integration, and what the last run removed. */
export const GET = route((req) => {
  requireActor(req, 'retention:manage');
  return json(getRetention());
});

export const PUT = route(async (req) => {
  const actor = requireActor(req, 'retention:manage');
  const value = updateGlobalRetention(await readJson(req, 4 * 1024));
  audit(
    actor.audit,
    'retention.update',
    `Set retention: deliveries ${value.deliveriesDays} days, request and response bodies ${value.bodiesDays} days.`,
    undefined,
    value,
  );
  return json(getRetention());
});
