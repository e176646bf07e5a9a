import 'server-only';
import { randomUUID } from 'node:crypto';

import { config } from '@/lib/config';
import { findIntegrationRow } from '@/lib/data/integrations';
import { webhookForSending } from '@/lib/data/notification-settings';
import { claimNotice, toNotificationView, type NotificationView } from '@/lib/data/notifications';
import { ConflictError } from '@/lib/errors';
import { emailOn } from './channels';
import { renderTestNotice } from './render';
import { deliver, HOLD_MS } from './tick';

/**
 * The "Send a test" buttons: one notice sent now, recorded like any other, with the outcome in the
 * answer so the screen can show it. No retry: the person clicking wants to know now.
 */
async function sendTest(notice: Parameters<typeof claimNotice>[0]): Promise<NotificationView> {
  const now = Date.now();
  const row = (await claimNotice(notice, now, now + HOLD_MS))!;
  return toNotificationView(await deliver(row, now, false));
}

export async function sendTestEmail(user: { id: number; email: string }): Promise<NotificationView> {
  if (!emailOn()) {
    throw new ConflictError(
      'Email is off: the console was started without SMTP_URL. Ask whoever runs it to set SMTP_URL and ALERT_FROM.',
    );
  }
  return sendTest({
    dedupeKey: `test:${randomUUID()}`,
    kind: 'test',
    channel: 'email',
    userId: user.id,
    recipient: user.email,
    message: renderTestNotice('email', config().publicUrl, 'the integrations you chose'),
  });
}

export async function sendTestWebhook(webhookId: number): Promise<NotificationView> {
  const hook = await webhookForSending(webhookId);
  const integrationName =
    hook.integrationId === null ? null : ((await findIntegrationRow(hook.integrationId))?.name ?? null);
  return sendTest({
    dedupeKey: `test:${randomUUID()}`,
    kind: 'test',
    channel: 'webhook',
    webhookId: hook.id,
    integrationId: hook.integrationId,
    integrationName,
    recipient: new URL(hook.url).host,
    message: renderTestNotice(
      'webhook',
      config().publicUrl,
      integrationName ? `“${integrationName}”` : 'every integration',
    ),
  });
}
