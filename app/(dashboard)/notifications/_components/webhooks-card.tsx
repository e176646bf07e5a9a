import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { WebhookView } from '@/lib/data/notification-settings';
import { WebhookForm } from './webhook-form';

/** The console-wide webhook, then one per integration (admins). */
export function WebhooksCard({
  webhooks,
  integrations,
}: {
  webhooks: WebhookView[];
  integrations: Array<{ id: number; name: string }>;
}) {
  const of = (integrationId: number | null) => webhooks.find((w) => w.integrationId === integrationId);
  return (
    <Card>
      <CardHeader
        title="Webhooks"
        description="Each notice is also sent as JSON to these addresses: a Slack-compatible “text” and the incident’s fields, signed so the receiver can check it came from this console (see the README, “Webhook notifications”)."
      />
      <CardBody>
        <ul className="flex flex-col divide-y divide-slate-100">
          <li className="pb-5">
            <WebhookForm
              title="Every integration"
              hint="Hears about every integration."
              integrationId={null}
              webhook={of(null)}
            />
          </li>
          {integrations.map((i) => (
            <li key={i.id} className="py-5 last:pb-0">
              <WebhookForm
                title={i.name}
                hint={`Hears about “${i.name}” only (besides the one for every integration).`}
                integrationId={i.id}
                webhook={of(i.id)}
              />
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
