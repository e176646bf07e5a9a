// The validation preview: the first rows converted, and what the whole file holds (valid, invalid, already
// sent), read in one streaming pass so a 100,000-row file is checked before anything is sent.
import { duplicateMessage } from '@/lib/validations/backfill';
import type { EventData } from '@/lib/validations/event';
import { describeRowErrors, type Converter, type RowErrors } from './convert';
import type { CsvTable } from './csv';
import { gcPacer } from './heap';

export const PREVIEW_ROWS = 50;
export const MAX_PROBLEMS = 200;
// In-file repeats are tracked by order ID; past this many IDs the preview stops looking for them (the
// import still skips them, because it checks against the deliveries it has just written).
const MAX_TRACKED_IDS = 100_000;

export type RowStatus = 'valid' | 'invalid' | 'duplicate';

export interface PreviewRow {
  line: number;
  cells: string[];
  status: RowStatus;
  event?: EventData;
  errors?: RowErrors;
  /** Why a duplicate is one: the delivery already made, or the earlier line of this file. */
  duplicateOf?: { deliveryId?: number; line?: number };
}

export interface RowProblem {
  line: number;
  message: string;
  fields: string[];
  deliveryId?: number;
}

export interface PreviewResult {
  columns: string[];
  rows: PreviewRow[];
  counts: { rows: number; valid: number; invalid: number; duplicates: number };
  problems: RowProblem[];
  /** More problems than `problems` lists. */
  moreProblems: boolean;
  /** Mapped columns the file does not have (after a change of separator or header), by field. */
  mappingErrors: Record<string, string>;
}

/** Receives every row that will not be imported, with its cells and the reason in plain words. */
export type RejectedRowSink = (line: number, cells: readonly string[], reason: string) => void;

export function problemOf(line: number, errors: RowErrors): RowProblem {
  return { line, message: describeRowErrors(errors), fields: Object.keys(errors) };
}

export async function previewTable(
  table: CsvTable,
  converter: Converter,
  opts: {
    sample?: number;
    maxProblems?: number;
    /** The earlier delivery of this event's order, if any; omitted when duplicates are imported anyway. */
    findDelivered?: (event: EventData) => Promise<number | undefined>;
    signal?: AbortSignal;
    /** Every row that will not be imported, with its cells and the reason (the rejected-rows download). */
    onRejected?: RejectedRowSink;
  } = {},
): Promise<PreviewResult> {
  const sample = opts.sample ?? PREVIEW_ROWS;
  const maxProblems = opts.maxProblems ?? MAX_PROBLEMS;
  const result: PreviewResult = {
    columns: table.columns,
    rows: [],
    counts: { rows: 0, valid: 0, invalid: 0, duplicates: 0 },
    problems: [],
    moreProblems: false,
    mappingErrors: {},
  };
  const seen = new Map<string, number>();
  const problem = (p: RowProblem) => {
    if (result.problems.length < maxProblems) result.problems.push(p);
    else result.moreProblems = true;
  };

  const checkRow = async (line: number, cells: string[]): Promise<PreviewRow> => {
    const converted = converter.convert(cells);
    if (!converted.ok) {
      result.counts.invalid++;
      const p = problemOf(line, converted.errors);
      problem(p);
      opts.onRejected?.(line, cells, p.message);
      return { line, cells, status: 'invalid', errors: converted.errors };
    }
    const { event } = converted;
    const duplicateOf = opts.findDelivered
      ? await findDuplicate(event, line, seen, opts.findDelivered)
      : undefined;
    if (!duplicateOf) {
      result.counts.valid++;
      return { line, cells, status: 'valid', event };
    }
    result.counts.duplicates++;
    const message = duplicateMessage(event, duplicateOf);
    problem({ line, message, fields: ['externalId'], deliveryId: duplicateOf.deliveryId });
    opts.onRejected?.(line, cells, message);
    return { line, cells, status: 'duplicate', event, duplicateOf };
  };

  const pace = gcPacer();
  for await (const batch of table.batches) {
    // A person changing the mapping makes the previous preview pointless: stop reading at once.
    if (opts.signal?.aborted) break;
    pace(batch.length);
    for (const { line, cells } of batch) {
      result.counts.rows++;
      // One row at a time, in file order: `seen` marks the first line of each order.
      const row = await checkRow(line, cells);
      if (result.rows.length < sample) result.rows.push(row);
    }
  }
  return result;
}

async function findDuplicate(
  event: EventData,
  line: number,
  seen: Map<string, number>,
  findDelivered: (event: EventData) => Promise<number | undefined>,
): Promise<{ deliveryId?: number; line?: number } | undefined> {
  if (!event.externalId) return undefined;
  const deliveryId = await findDelivered(event);
  if (deliveryId) return { deliveryId };
  const key = `${event.type}\u0000${event.externalId}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) return { line: earlier };
  if (seen.size < MAX_TRACKED_IDS) seen.set(key, line);
  return undefined;
}
