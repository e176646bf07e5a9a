import 'server-only';
import { and, desc, lt } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { csvRow } from '@/lib/csv';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { reasonView } from './deliveries';
import { deliveryConditions } from './deliveries-list';

const HEADER = [
  'id',
  'created_at',
  'integration',
  'source',
  'type',
  'contact',
  'external_id',
  'value',
  'products',
  'status',
  'reason',
  'salesmanago_message',
  'salesmanago_event_id',
  'http_status',
  'duration_ms',
  'attempts',
  'possible_duplicate',
  'page_url',
  'origin',
];

/**
 * The history as CSV, newest first, streamed in pages so an export of any size uses constant memory.
 * Only event fields and outcomes: the stored requests (and so anything near a credential) stay out.
 */
export function exportDeliveriesCsv(
  f: Omit<DeliveryFilters, 'cursor' | 'limit'>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: number | undefined;
  let started = false;
  return new ReadableStream({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('\ufeff' + csvRow(HEADER)));
        return;
      }
      const where = deliveryConditions(f);
      if (cursor) where.push(lt(schema.deliveries.id, cursor));
      const rows = getDb()
        .select()
        .from(schema.deliveries)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(schema.deliveries.id))
        .limit(1000)
        .all();
      if (!rows.length) return controller.close();
      cursor = rows.at(-1)!.id;
      controller.enqueue(
        encoder.encode(
          rows
            .map((d) =>
              csvRow([
                d.id,
                new Date(d.createdAt).toISOString(),
                d.integrationName,
                d.source,
                d.type,
                d.contact,
                d.externalId,
                d.value,
                d.products,
                d.status,
                reasonView(d.reason)?.title ?? '',
                d.reasonMessage,
                d.smEventId,
                d.lastHttpStatus,
                d.lastDurationMs,
                d.attemptCount,
                d.possibleDuplicate ? 'yes' : '',
                d.pageUrl,
                d.origin,
              ]),
            )
            .join(''),
        ),
      );
    },
  });
}
