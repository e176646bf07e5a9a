import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { attentionCount, attentionGroups } from '@/lib/data/attention';

export const dynamic = 'force-dynamic';

/** Failed deliveries still needing a look, grouped by reason with the fix for each. */
export const GET = route((req) => {
  requireActor(req, 'deliveries:read');
  const sp = new URL(req.url).searchParams;
  if (sp.get('countOnly')) return json({ total: attentionCount() });
  const groups = attentionGroups();
  return json({ groups, total: groups.reduce((n, g) => n + g.count, 0) });
});
