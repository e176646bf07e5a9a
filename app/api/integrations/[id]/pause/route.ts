import { readNote } from '@/lib/api/note-body';
import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { clockNow } from '@/lib/clock';
import { audit } from '@/lib/data/audit';
import { getIntegration } from '@/lib/data/integrations';
import { pauseSending } from '@/lib/data/sending-pause';

export const dynamic = 'force-dynamic';

/**
 * Pauses sending to this integration, with an optional `{ "reason" }` note: new and waiting events stay
 * queued (the website's events are still accepted) until someone resumes. 409 when already paused.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'sending:pause');
  const id = idParam((await ctx.params).id);
  const { name } = await getIntegration(id, actor.role);
  const note = await readNote(req);
  await pauseSending(id, actor.audit, note, clockNow());
  await audit(
    actor.audit,
    'integration.pause',
    `Paused sending to “${name}”${note ? `: ${note}` : '.'}`,
    { type: 'integration', id },
    note ? { reason: note } : undefined,
  );
  return json(await getIntegration(id, actor.role));
});
