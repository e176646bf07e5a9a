import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { attentionCount, attentionGroups, pendingDecisions } from '@/lib/data/attention';

export const dynamic = 'force-dynamic';

/**
 * What will not fix itself, grouped by reason with the fix for each: failed deliveries not since resent
 * successfully, and retrying ones that waiting will not cure. `decisions` lists the deliveries that may
 * already be in SALESmanago, each waiting for "Send again" or "Mark as delivered".
 */
export const GET = route(async (req) => {
  await requireActor(req, 'deliveries:read');
  const sp = new URL(req.url).searchParams;
  if (sp.get('countOnly')) return json({ total: await attentionCount() });
  const groups = await attentionGroups();
  return json({
    groups,
    decisions: await pendingDecisions(),
    total: groups.reduce((n, g) => n + g.count, 0),
  });
});
