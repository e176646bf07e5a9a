import { flag } from '@/lib/api/query-flags';
import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { rememberIntegration } from '@/lib/data/last-integration';
import { sendEvent } from '@/lib/delivery/compose';
import { ValidationError } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { EVENT_TYPE_INFO, isEventType } from '@/lib/salesmanago/event-types';

export const dynamic = 'force-dynamic';

/** "a Purchase (PURCHASE)": the friendly name first, SALESmanago's code beside it. */
function typeWithCode(type: string): string {
  if (!isEventType(type)) return type;
  const label = EVENT_TYPE_INFO[type].label;
  return `${/^[AEIOU]/i.test(label) ? 'an' : 'a'} ${label} (${type})`;
}

/** `?resendOf=<deliveryId>` links an edited resend to the delivery it came from. */
function optionalId(value: string | null): number | null {
  if (value === null || value === '') return null;
  const n = parseId(value);
  if (n === undefined)
    throw new ValidationError('resendOf must be a delivery id.', { resendOf: ['Not a delivery id.'] });
  return n;
}

/**
 * Compose and send one external event. `?dryRun=1` runs every check and returns the exact request
 * without sending or recording anything; `?confirmDuplicate=1` goes past the duplicate guard.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'events:send');
  const integrationId = idParam((await ctx.params).id);
  const input = await readJson(req, 64 * 1024);
  const result = await sendEvent({
    integrationId,
    input,
    createdBy: actor.id,
    source: actor.via === 'token' ? 'api' : 'composer',
    dryRun: flag(req, 'dryRun'),
    confirmDuplicate: flag(req, 'confirmDuplicate'),
    resendOf: optionalId(new URL(req.url).searchParams.get('resendOf')),
  });
  if (!('dryRun' in result)) {
    await rememberIntegration(actor.via === 'session' ? actor.id : null, integrationId);
    await audit(
      actor.audit,
      result.resendOf ? 'event.edit_resend' : 'event.send',
      `${result.resendOf ? 'Edited and resent' : 'Sent'} ${typeWithCode(result.type)} for ${result.contact} to “${result.integrationName}” (delivery #${result.id}, ${result.status}).`,
      { type: 'delivery', id: result.id },
    );
  }
  return json(result, { status: 'dryRun' in result ? 200 : 201 });
});
