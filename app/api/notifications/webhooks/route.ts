import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { findIntegrationRow } from '@/lib/data/integrations';
import { saveWebhook } from '@/lib/data/notification-settings';
import { parseWebhookInput } from '@/lib/notifications/webhook-url';

export const dynamic = 'force-dynamic';

/**
 * `{ integrationId: number | null, url, newSecret? }`: sets the console-wide webhook (null) or an
 * integration's. A new webhook, or `newSecret: true`, answers with `secret`: shown this once only.
 */
export const PUT = route(async (req) => {
  const actor = await requireActor(req, 'notifications:manage');
  const input = await parseWebhookInput(await readJson(req, 8 * 1024));
  const saved = await saveWebhook(input);
  const scope =
    input.integrationId === null
      ? 'every integration'
      : `“${(await findIntegrationRow(input.integrationId))?.name ?? input.integrationId}”`;
  const what = saved.secret ? 'with a new signing secret' : 'address changed';
  await audit(
    actor.audit,
    'notifications.webhook',
    `Webhook for ${scope} set to ${new URL(saved.webhook.url).host} (${what}).`,
    { type: 'webhook', id: saved.webhook.id },
  );
  return json(saved);
});
