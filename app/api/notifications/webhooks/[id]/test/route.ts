import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { sendTestWebhook } from '@/lib/notifications/test-send';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** Sends a test notice to the webhook now; the answer is the recorded notice with its outcome. */
export const POST = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'notifications:manage');
  const id = idParam((await ctx.params).id);
  const notification = await sendTestWebhook(id);
  await audit(
    actor.audit,
    'notifications.test',
    `Test notification to the webhook ${notification.recipient}: ${notification.status}.`,
    { type: 'webhook', id },
  );
  return json({ notification });
});
