import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { retryNow } from '@/lib/data/attention';
import { audit } from '@/lib/data/audit';
import { getDeliveryDetail } from '@/lib/data/deliveries';
import { wakeWorker } from '@/lib/delivery/worker';
import { ConflictError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** "Retry now": a failed or waiting delivery goes to the front of the queue (the same delivery, a new attempt). */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'deliveries:retry');
  const id = idParam((await ctx.params).id);
  await getDeliveryDetail(id);
  if (!(await retryNow([id], Date.now()))) {
    throw new ConflictError(
      'Only a failed or retrying delivery can be retried; this one is already sent or on its way.',
    );
  }
  await audit(actor.audit, 'delivery.retry', `Retried delivery #${id} now.`, { type: 'delivery', id });
  wakeWorker();
  return json(await getDeliveryDetail(id));
});
