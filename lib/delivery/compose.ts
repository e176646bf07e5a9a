import 'server-only';

import type { DeliverySource } from '@/db/enums';
import {
  findPossibleDuplicates,
  getDeliveryDetail,
  getDeliveryRow,
  type DeliveryDetail,
} from '@/lib/data/deliveries';
import { insertComposedDelivery } from '@/lib/data/delivery-state';
import { getIntegrationRow } from '@/lib/data/integrations';
import { sendingState } from '@/lib/data/sending-pause';
import { PossibleDuplicateError, ValidationError } from '@/lib/errors';
import { previewEventRequest } from '@/lib/salesmanago/event-body';
import { parseEvent, type EventData } from '@/lib/validations/event';
import { leaseMs, PROCESS_OWNER, sendClaimed } from './send';

export interface DryRunResult {
  dryRun: true;
  valid: true;
  operation: 'add' | 'update';
  event: EventData;
  request: { method: 'POST'; url: string; body: Record<string, unknown> };
  warnings: string[];
}

export interface SendEventInput {
  integrationId: number;
  input: unknown;
  createdBy: number | null;
  source?: DeliverySource;
  dryRun?: boolean;
  confirmDuplicate?: boolean;
  resendOf?: number | null;
}

export function parseEventOrThrow(input: unknown): EventData {
  const parsed = parseEvent(input);
  if (!parsed.ok) throw new ValidationError(parsed.message, parsed.fieldErrors);
  return parsed.data;
}

/**
 * Composes and sends one event: validate, (dry run: stop here with the exact request), guard against
 * duplicates, write the delivery, then send it at once and answer with what SALESmanago said (or, while
 * the integration's sending is paused, leave it queued and answer with that).
 */
export async function sendEvent(opts: SendEventInput): Promise<DeliveryDetail | DryRunResult> {
  const event = parseEventOrThrow(opts.input);
  const integration = await getIntegrationRow(opts.integrationId);
  if (opts.resendOf) await assertDeliveryExists(opts.resendOf);
  const operation = event.eventId ? 'update' : 'add';
  const now = Date.now();

  if (opts.dryRun) {
    const preview = previewEventRequest(integration, event, operation, now);
    const warnings: string[] = [];
    if (integration.verifyStatus !== 'ok') {
      warnings.push(
        'This integration is not verified: the event may be refused. Verify it in the settings first.',
      );
    }
    const dups = await findPossibleDuplicates(integration.id, event, now);
    if (dups.length) warnings.push(duplicateMessage(dups.length, dups[0]!.why));
    if ((await sendingState(integration.id)).paused)
      warnings.push(
        'Sending to this integration is paused: the event will wait in the queue until it resumes.',
      );
    return {
      dryRun: true,
      valid: true,
      operation,
      event,
      request: { method: 'POST', url: integration.endpoint + preview.path, body: preview.body },
      warnings,
    };
  }

  const delivery = {
    integration,
    source: opts.source ?? 'composer',
    operation,
    event,
    createdBy: opts.createdBy,
    resendOf: opts.resendOf ?? null,
    now,
  } as const;
  // Paused (by hand, or while SALESmanago refuses the credentials): written and left waiting in the
  // queue like everything else of the integration, never sent past the pause. The duplicate check, the
  // pause and the write are one transaction (insertComposedDelivery).
  const written = await insertComposedDelivery(delivery, {
    refuseDuplicates: !opts.confirmDuplicate && opts.source !== 'resend',
    owner: PROCESS_OWNER,
    leaseMs: leaseMs(),
  });
  if ('duplicates' in written) {
    const dups = written.duplicates;
    throw new PossibleDuplicateError(duplicateMessage(dups.length, dups[0]!.why), dups);
  }
  if (written.claimed) await sendClaimed(written.claimed);
  return getDeliveryDetail(written.id);
}

async function assertDeliveryExists(id: number): Promise<void> {
  try {
    await getDeliveryRow(id);
  } catch {
    throw new ValidationError(`Delivery ${id} does not exist, so this event cannot be linked to it.`, {
      resendOf: ['No such delivery.'],
    });
  }
}

function duplicateMessage(count: number, why: 'same-external-id' | 'identical-recent'): string {
  return why === 'same-external-id'
    ? `An event with this externalId was already sent${count > 1 ? ` ${count} times` : ''}. Sending it again may count the order twice in SALESmanago.`
    : 'The identical event was sent less than a minute ago. Sending it again would record it twice.';
}
