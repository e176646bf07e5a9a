import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { updateNotificationSettings } from '@/lib/data/notification-settings';

export const dynamic = 'force-dynamic';

/** `{ reminderHours }` (1–168): how often an incident that stays open is brought up again. */
export const PUT = route(async (req) => {
  const actor = await requireActor(req, 'notifications:manage');
  const value = await updateNotificationSettings(await readJson(req, 4 * 1024));
  await audit(
    actor.audit,
    'notifications.settings',
    `Reminders about open incidents every ${value.reminderHours} hours.`,
    undefined,
    value,
  );
  return json(value);
});
