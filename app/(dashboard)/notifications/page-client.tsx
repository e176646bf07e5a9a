'use client';

import { useQuery } from '@tanstack/react-query';

import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { notificationsQuery } from '@/lib/queries/notifications';
import { EmailPreferences } from './_components/email-preferences';
import { RecentNotifications } from './_components/recent-notifications';
import { ReminderForm } from './_components/reminder-form';
import { WebhooksCard } from './_components/webhooks-card';

/**
 * A person's own email choices come first (what a marketer came for); admins then find the webhooks and
 * the reminder interval, and everyone the notices sent lately with how each ended.
 */
export function NotificationsPageClient() {
  const { data, isPending, isError, error } = useQuery(notificationsQuery());
  if (isPending) return <LoadingRows label="Loading the notification settings…" />;
  if (isError) return <LoadError title="The notification settings could not be loaded." error={error} />;
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Be told by email when something breaks with an integration, with what to do about it, and get a short weekly digest. Admins can also send every notice to a webhook (Slack, Teams or your own system)."
      />
      <div className="flex flex-col gap-6">
        <EmailPreferences email={data.email} preferences={data.preferences} />
        {data.admin ? (
          <>
            <WebhooksCard webhooks={data.admin.webhooks} integrations={data.preferences.integrations} />
            <ReminderForm reminderHours={data.admin.reminderHours} />
          </>
        ) : null}
        <RecentNotifications items={data.recent} everyone={!!data.admin} />
      </div>
    </>
  );
}
