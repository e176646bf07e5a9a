import 'server-only';
import { and, count, desc, lt, lte, max } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { csvRow } from '@/lib/csv';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import type { ExportFormat } from '@/lib/validations/export';
import { reasonView, type DeliveryRow } from './deliveries';
import { deliveryConditions } from './deliveries-list';

type ExportFilters = Omit<DeliveryFilters, 'cursor' | 'limit'>;

/**
 * One exported row: only event fields and outcomes. The stored requests (and so anything near a
 * credential) stay out, whatever the format.
 */
const COLUMNS: Array<[name: string, value: (d: DeliveryRow) => unknown]> = [
  ['id', (d) => d.id],
  ['created_at', (d) => new Date(d.createdAt).toISOString()],
  ['integration', (d) => d.integrationName],
  ['source', (d) => d.source],
  ['type', (d) => d.type],
  ['contact', (d) => d.contact],
  ['external_id', (d) => d.externalId],
  ['value', (d) => d.value],
  ['products', (d) => d.products],
  ['status', (d) => d.status],
  ['reason', (d) => reasonView(d.reason)?.title ?? null],
  ['salesmanago_message', (d) => d.reasonMessage],
  ['salesmanago_event_id', (d) => d.smEventId],
  ['http_status', (d) => d.lastHttpStatus],
  ['duration_ms', (d) => d.lastDurationMs],
  ['attempts', (d) => d.attemptCount],
  ['possible_duplicate', (d) => d.possibleDuplicate],
  ['page_url', (d) => d.pageUrl],
  ['origin', (d) => d.origin],
];

/** The file's first bytes: a BOM (so Excel reads UTF-8) and the header for CSV, nothing for JSON Lines. */
export function exportPreamble(format: ExportFormat): string {
  return format === 'csv' ? '\ufeff' + csvRow(COLUMNS.map(([name]) => name)) : '';
}

/** Rows as text in the format: CSV lines, or one JSON object per line with the same names as the header. */
export function formatExportRows(rows: DeliveryRow[], format: ExportFormat): string {
  if (format === 'jsonl')
    return rows
      .map((d) => JSON.stringify(Object.fromEntries(COLUMNS.map(([name, value]) => [name, value(d)]))) + '\n')
      .join('');
  return rows
    .map((d) =>
      csvRow(
        COLUMNS.map(([name, value]) => (name === 'possible_duplicate' ? (value(d) ? 'yes' : '') : value(d))),
      ),
    )
    .join('');
}

/**
 * How many deliveries the filters match, and the newest id among them: an export job covers exactly
 * these (deliveries written after it started are not part of it). Same conditions as the history.
 */
export async function countExport(f: ExportFilters): Promise<{ count: number; maxId: number }> {
  const where = deliveryConditions(f);
  const row = getDb()
    .select({ n: count(), maxId: max(schema.deliveries.id) })
    .from(schema.deliveries)
    .where(where.length ? and(...where) : undefined)
    .get();
  return { count: row?.n ?? 0, maxId: row?.maxId ?? 0 };
}

/** One page of the export, newest first: ids below `before` (exclusive) and up to `maxId`. */
function exportPageSync(
  f: ExportFilters,
  page: { before?: number; maxId?: number; limit: number },
): DeliveryRow[] {
  const d = schema.deliveries;
  const where = deliveryConditions(f);
  if (page.before !== undefined) where.push(lt(d.id, page.before));
  if (page.maxId !== undefined) where.push(lte(d.id, page.maxId));
  return getDb()
    .select()
    .from(d)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(d.id))
    .limit(page.limit)
    .all();
}

/** The history as CSV, newest first, streamed in pages so a direct download uses constant memory. */
export function exportDeliveriesCsv(f: ExportFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: number | undefined;
  let started = false;
  return new ReadableStream({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(exportPreamble('csv')));
        return;
      }
      const rows = exportPageSync(f, { before, limit: 1000 });
      if (!rows.length) return controller.close();
      before = rows.at(-1)!.id;
      controller.enqueue(encoder.encode(formatExportRows(rows, 'csv')));
    },
  });
}

/** One page of the export, newest first: ids below `before` (exclusive) and up to `maxId`. */
export async function exportPage(
  f: ExportFilters,
  page: { before?: number; maxId?: number; limit: number },
): Promise<DeliveryRow[]> {
  return exportPageSync(f, page);
}
