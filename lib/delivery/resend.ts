import 'server-only';

import { getDeliveryDetail, getDeliveryRow, type DeliveryDetail } from '@/lib/data/deliveries';
import { ValidationError } from '@/lib/errors';
import type { EventData } from '@/lib/validations/event';
import { sendEvent } from './compose';

/**
 * Sends a delivery's event again as a new delivery linked to the first; the original record stays
 * exactly as it was (the history is immutable).
 */
export async function resendDelivery(id: number, createdBy: number | null): Promise<DeliveryDetail> {
  const original = await getDeliveryRow(id);
  if (!original.integrationId) {
    throw new ValidationError(
      'The integration of this delivery was deleted, so it cannot be sent again from here.',
    );
  }
  const result = await sendEvent({
    integrationId: original.integrationId,
    input: original.event as EventData,
    createdBy,
    source: 'resend',
    resendOf: id,
  });
  if ('dryRun' in result) return await getDeliveryDetail(id);
  return result;
}
