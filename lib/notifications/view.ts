import 'server-only';

import type { Role } from '@/db/enums';
import { config } from '@/lib/config';
import {
  getPreferences,
  listWebhooks,
  notificationSettings,
  type PreferencesView,
  type WebhookView,
} from '@/lib/data/notification-settings';
import { recentNotifications, type NotificationView } from '@/lib/data/notifications';
import { can } from '@/lib/roles';
import { emailOn } from './channels';

/** The notifications screen's data, for one person: admins also get the webhooks and the interval. */
export interface NotificationsView {
  email: { on: boolean; from: string | null };
  preferences: PreferencesView;
  admin: { reminderHours: number; webhooks: WebhookView[] } | null;
  /** The newest notices: every one for an admin, else the person's own emails. */
  recent: NotificationView[];
}

export async function notificationsView(user: { id: number | null; role: Role }): Promise<NotificationsView> {
  const admin = can(user.role, 'notifications:manage');
  return {
    email: { on: emailOn(), from: config().alertFrom ?? null },
    preferences:
      user.id === null
        ? { digest: false, integrationIds: [], integrations: [] }
        : await getPreferences(user.id),
    admin: admin ? { ...(await notificationSettings()), webhooks: await listWebhooks() } : null,
    recent: await recentNotifications({ userId: user.id, all: admin }),
  };
}
