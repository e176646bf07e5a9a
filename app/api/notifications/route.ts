import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { notificationsView } from '@/lib/notifications/view';

export const dynamic = 'force-dynamic';

/** The notifications screen: your own email choices, admins' webhooks and interval, recent notices. */
export const GET = route(async (req) => {
  const actor = await requireActor(req);
  return json(await notificationsView({ id: actor.via === 'session' ? actor.id : null, role: actor.role }));
});
