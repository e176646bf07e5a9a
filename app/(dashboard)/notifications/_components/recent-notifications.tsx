import Link from 'next/link';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable, Td } from '@/components/ui/data-table';
import { LocalTime } from '@/components/ui/local-time';
import type { NotificationView } from '@/lib/data/notifications';
import { Outcome } from './outcome';

const KIND: Record<NotificationView['kind'], string> = {
  opened: 'Problem started',
  reminder: 'Reminder',
  resolved: 'Problem over',
  digest: 'Weekly digest',
  test: 'Test',
};

/** What a notice was about: its subject, linked to the incident it told of (tests and digests have none). */
function Subject({ n }: { n: NotificationView }) {
  return n.incidentId ? (
    <Link href={`/incidents/${n.incidentId}`} className="underline">
      {n.subject}
    </Link>
  ) : (
    <>{n.subject}</>
  );
}

const channelOf = (n: NotificationView) => (n.channel === 'email' ? 'Email' : 'Webhook');

/**
 * The newest notices with how each ended (admins see every one, others their own emails). A table from
 * md up; on a phone a list, so how each ended shows without scrolling the table sideways.
 */
export function RecentNotifications({ items, everyone }: { items: NotificationView[]; everyone: boolean }) {
  return (
    <Card>
      <CardHeader
        title="Recent notifications"
        description={
          everyone ? 'Every notice the console sent lately.' : 'The emails the console sent you lately.'
        }
      />
      <CardBody>
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing sent yet.</p>
        ) : (
          <>
            <DataTable
              caption="Recent notifications"
              columns={['When', 'What', 'To', 'Outcome']}
              className="hidden md:block"
            >
              {items.map((n) => (
                <tr key={n.id}>
                  <Td className="whitespace-nowrap text-slate-700">
                    <LocalTime ms={n.createdAt} />
                  </Td>
                  <Td className="min-w-56">
                    <span className="block font-medium text-slate-900">{KIND[n.kind]}</span>
                    <span className="block max-w-md text-slate-700">
                      <Subject n={n} />
                    </span>
                  </Td>
                  <Td className="whitespace-nowrap text-slate-700">
                    <span className="block">{channelOf(n)}</span>
                    <span className="block">{n.recipient}</span>
                  </Td>
                  <Td className="min-w-48">
                    <Outcome n={n} />
                  </Td>
                </tr>
              ))}
            </DataTable>
            <ul aria-label="Recent notifications" className="flex flex-col gap-3 md:hidden">
              {items.map((n) => (
                <li key={n.id} className="rounded-lg border border-slate-200 px-4 py-3 text-sm">
                  <div className="flex items-start justify-between gap-3">
                    <span className="font-medium text-slate-900">{KIND[n.kind]}</span>
                    <span className="text-xs whitespace-nowrap text-slate-600">
                      <LocalTime ms={n.createdAt} />
                    </span>
                  </div>
                  <p className="mt-1 break-words text-slate-700">
                    <Subject n={n} />
                  </p>
                  <p className="mt-1 text-xs [overflow-wrap:anywhere] text-slate-600">
                    {channelOf(n)} to {n.recipient}
                  </p>
                  <div className="mt-2">
                    <Outcome n={n} />
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </CardBody>
    </Card>
  );
}
