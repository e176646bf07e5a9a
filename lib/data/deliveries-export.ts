import 'server-only';
import { and, count, lt, lte, max, sql, type SQL } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { csvCell, csvRow } from '@/lib/csv';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import type { ExportFormat } from '@/lib/validations/export';
import { reasonView } from './deliveries';
import { deliveryConditions } from './deliveries-list';
import { db, rawRows } from './engine';
import { cachedValues } from './history-statements';

type ExportFilters = Omit<DeliveryFilters, 'cursor' | 'limit'>;

/**
 * A delivery as an export reads it: the values of the file's columns, in their order (the id first).
 * Positional, as SQLite returns them: building an object of 19 keys per row cost more than the query.
 * Raw driver values: possible_duplicate is 0/1 on SQLite and a boolean on PostgreSQL; numbers are
 * numbers on both (db/pg.ts reads bigints as numbers).
 */
export type ExportRow = [id: number, ...values: unknown[]];

const reasonTitles = new Map<string, string>();
/** The reason's title, looked up once per code (an export of thousands of rows has a handful). */
function reasonTitle(code: unknown): string | null {
  if (typeof code !== 'string' || !code) return null;
  let title = reasonTitles.get(code);
  if (title === undefined) reasonTitles.set(code, (title = reasonView(code)!.title));
  return title;
}

/**
 * One exported row: only event fields and outcomes, read straight from their columns. The stored
 * event, requests and answers (and so anything near a credential) stay out, whatever the format; nothing
 * is parsed or mapped per row, which made a direct CSV of a few thousand rows cost tens of milliseconds.
 */
const COLUMNS: ReadonlyArray<readonly [name: string, column: string, value?: (v: unknown) => unknown]> = [
  ['id', 'id'],
  ['created_at', 'created_at', (v) => isoTime(v as number)],
  ['integration', 'integration_name'],
  ['source', 'source'],
  ['type', 'type'],
  ['contact', 'contact'],
  ['external_id', 'external_id'],
  ['value', 'value'],
  ['products', 'products'],
  ['status', 'status'],
  ['reason', 'reason', reasonTitle],
  ['salesmanago_message', 'reason_message'],
  ['salesmanago_event_id', 'sm_event_id'],
  ['http_status', 'last_http_status'],
  ['duration_ms', 'last_duration_ms'],
  ['attempts', 'attempt_count'],
  ['possible_duplicate', 'possible_duplicate', (v) => v === 1 || v === true],
  ['page_url', 'page_url'],
  ['origin', 'origin'],
];

const SELECT = sql.raw(COLUMNS.map(([, column]) => `"deliveries"."${column}"`).join(', '));
const COLUMN_NAMES = COLUMNS.map(([, column]) => column);
const NAMES = COLUMNS.map(([name]) => name);
const FORMATS = COLUMNS.map(([, , value]) => value);
const DUPLICATE = NAMES.indexOf('possible_duplicate');

/** The file's first bytes: a BOM (so Excel reads UTF-8) and the header for CSV, nothing for JSON Lines. */
export function exportPreamble(format: ExportFormat): string {
  return format === 'csv' ? '\ufeff' + csvRow(NAMES) : '';
}

const DAY_MS = 86_400_000;
/** Up to the year 9999, past which toISOString writes six-digit years. */
const ISO_FAST_BEFORE = 253_402_300_800_000;
const dayPrefixes = new Map<number, string>();
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The time as toISOString writes it, with each day's date written once: an export's rows fall on a few
 * days, and a Date per row was a sixth of a direct CSV's formatting.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= ISO_FAST_BEFORE) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 1_000) dayPrefixes.clear();
    dayPrefixes.set(day, (prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)));
  }
  const t = ms - day * DAY_MS;
  return `${prefix}${pad(Math.floor(t / 3_600_000), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}Z`;
}

/**
 * Rows in the format, as UTF-8: CSV lines, or one JSON object per line with the same names as the header.
 * Each line is written into one buffer as soon as it is made. A file built as one string first (grown by
 * `+=`, or joined from its lines) had to be copied whole again to be encoded, which was a fifth of a
 * direct CSV's time; this is also the form both callers send on (a stream's chunk, a file's append).
 */
export function formatExportRows(rows: ExportRow[], format: ExportFormat): Buffer {
  let out = Buffer.allocUnsafe(Math.max(4_096, rows.length * 512));
  let length = 0;
  const cells: string[] = [];
  for (const row of rows) {
    let line: string;
    if (format === 'jsonl') {
      const record: Record<string, unknown> = {};
      for (let c = 0; c < NAMES.length; c++) {
        const format = FORMATS[c];
        record[NAMES[c]!] = format ? format(row[c]) : row[c];
      }
      line = JSON.stringify(record);
    } else {
      // A number is its own text (csvCell would say the same: no quote, separator or formula sign in
      // it, and the formula check is for text only).
      for (let c = 0; c < row.length; c++) {
        const format = FORMATS[c];
        const value = format ? format(row[c]) : row[c];
        cells[c] =
          c === DUPLICATE ? (value ? 'yes' : '') : typeof value === 'number' ? String(value) : csvCell(value);
      }
      line = cells.join(',');
    }
    // A character is at most 3 bytes in UTF-8 (a surrogate pair is 2 characters for 4 bytes).
    const room = line.length * 3 + 2;
    if (length + room > out.length) {
      const larger = Buffer.allocUnsafe(Math.max(out.length * 2, length + room));
      out.copy(larger, 0, 0, length);
      out = larger;
    }
    length += out.write(line, length);
    if (format === 'jsonl') out[length++] = 0x0a;
    else {
      out[length++] = 0x0d;
      out[length++] = 0x0a;
    }
  }
  return out.subarray(0, length);
}

/**
 * How many deliveries the filters match, and the newest id among them: an export job covers exactly
 * these (deliveries written after it started are not part of it). Same conditions as the history.
 */
export async function countExport(f: ExportFilters): Promise<{ count: number; maxId: number }> {
  const where = deliveryConditions(f);
  const [row] = await db()
    .select({ n: count(), maxId: max(schema.deliveries.id) })
    .from(schema.deliveries)
    .where(where.length ? and(...where) : undefined);
  return { count: row?.n ?? 0, maxId: row?.maxId ?? 0 };
}

/**
 * The export's rows matching `where`, newest first, as the drivers give them: SQLite's positional rows
 * of a statement prepared once; PostgreSQL's rows put in the same order.
 */
async function exportRows(where: SQL, limit: number): Promise<ExportRow[]> {
  const query = sql`select ${SELECT} from ${schema.deliveries} where ${where}
    order by ${schema.deliveries.id} desc limit ${limit}`;
  if (engineKind() === 'sqlite') return cachedValues<ExportRow>(query);
  const rows = await rawRows<Record<string, unknown>>(query);
  return rows.map((row) => COLUMN_NAMES.map((name) => row[name]) as ExportRow);
}

/**
 * Rows per page of a direct download: the whole of one up to EXPORT_DIRECT_MAX_ROWS' default, so a direct
 * CSV is one query and one chunk (each further page cost a round of the stream's machinery; pages of 500
 * and 250, which would let compression of one page overlap the reading of the next, measured no faster),
 * while a larger limit still streams in pages of bounded memory.
 */
const DIRECT_PAGE = 5_000;

/** The history as CSV, newest first, streamed in pages so a direct download uses bounded memory. */
export function exportDeliveriesCsv(f: ExportFilters): ReadableStream<Uint8Array> {
  let before: number | undefined;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(Buffer.from(exportPreamble('csv')));
    },
    async pull(controller) {
      const rows = await exportPage(f, { before, limit: DIRECT_PAGE });
      if (rows.length) {
        before = rows.at(-1)![0];
        controller.enqueue(formatExportRows(rows, 'csv'));
      }
      if (rows.length < DIRECT_PAGE) controller.close();
    },
  });
}

/** One page of the export, newest first: ids below `before` (exclusive) and up to `maxId`. */
export async function exportPage(
  f: ExportFilters,
  page: { before?: number; maxId?: number; limit: number },
): Promise<ExportRow[]> {
  const d = schema.deliveries;
  const where = deliveryConditions(f);
  if (page.before !== undefined) where.push(lt(d.id, page.before));
  if (page.maxId !== undefined) where.push(lte(d.id, page.maxId));
  return exportRows(where.length ? and(...where)! : sql`true`, page.limit);
}
