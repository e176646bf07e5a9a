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

/** The newest notices with how each ended (admins see every one, others their own emails). */
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
          <DataTable caption="Recent notifications" columns={['When', 'What', 'To', 'Outcome']}>
            {items.map((n) => (
              <tr key={n.id}>
                <Td className="whitespace-nowrap text-slate-700">
                  <LocalTime ms={n.createdAt} />
                </Td>
                <Td className="min-w-56">
                  <span className="block font-medium text-slate-900">{KIND[n.kind]}</span>
                  <span className="block max-w-md text-slate-700">{n.subject}</span>
                </Td>
                <Td className="whitespace-nowrap text-slate-700">
                  <span className="block">{n.channel === 'email' ? 'Email' : 'Webhook'}</span>
                  <span className="block">{n.recipient}</span>
                </Td>
                <Td className="min-w-48">
                  <Outcome n={n} />
                </Td>
              </tr>
            ))}
          </DataTable>
        )}
      </CardBody>
    </Card>
  );
}
