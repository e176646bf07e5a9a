import { idParam, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { deleteWebhook } from '@/lib/data/notification-settings';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'notifications:manage');
  const id = idParam((await ctx.params).id);
  const removed = await deleteWebhook(id);
  await audit(
    actor.audit,
    'notifications.webhook-remove',
    `Webhook to ${new URL(removed.url).host} removed.`,
    {
      type: 'webhook',
      id,
    },
  );
  return new Response(null, { status: 204 });
});
