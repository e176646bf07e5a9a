import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { notificationsView } from '@/lib/notifications/view';
import { notificationKeys } from '@/lib/queries/notifications';
import { NotificationsPageClient } from './page-client';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const user = await requirePageUser();
  return (
    <Hydrate seeds={[{ queryKey: notificationKeys.all, data: await notificationsView(user) }]}>
      <NotificationsPageClient />
    </Hydrate>
  );
}
