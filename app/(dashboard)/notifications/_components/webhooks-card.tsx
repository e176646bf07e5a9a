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
        description="Send every notice to a Slack or Teams channel, or to your own system, as well as by email."
      />
      <CardBody className="flex flex-col gap-4">
        {/* Plain words above; what a developer wiring up a receiver needs, on demand. */}
        <details className="rounded-md border border-slate-200 px-4 py-2 text-sm text-slate-700">
          <summary className="cursor-pointer font-medium text-slate-800">
            How notices are sent and signed
          </summary>
          <p className="mt-2">
            Each notice is POSTed as JSON: a Slack-compatible “text” and the incident’s fields. It carries an
            HMAC-SHA256 signature made with the webhook’s signing secret, so the receiver can check it came
            from this console (the README shows how, under “Webhook notifications”). If the receiver is down
            (no answer, or HTTP 5xx), the notice is tried again later.
          </p>
        </details>
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
