// Reading CSV files as shops and spreadsheets write them: comma, semicolon or tab separated, with or without
// a BOM, quoted fields with separators and line breaks inside, CRLF or LF. Streams only: a file is never held
// in memory, so a 100 MB export costs the same as a small one.
import { parse, type Options } from 'csv-parse';
import { pipeline, type Readable, type Transform } from 'node:stream';

import { DELIMITERS, type Delimiter } from '@/lib/validations/backfill';

/** One data row: the line of the file it starts on (as a text editor numbers it) and its cells. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A row with its place among the data rows (0 is the first row after the header). */
export interface TableRow extends CsvRow {
  index: number;
}

/** A record the parser could not read; stops the whole read (a row is only an error when it can be read). */
export class CsvReadError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'CsvReadError';
  }
}

/**
 * Picks the separator from the file's first lines: the candidate that splits most lines into the same
 * number of cells (more than one). Quotes are respected, so "Kowalski, Jan" does not count a comma.
 */
export function sniffDelimiter(sample: string): Delimiter {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((d) => [d, [0]]));
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < sample.length && lines < 50; i++) {
    const c = sample[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && sample[i + 1] === '\n') i++;
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (!quoted && counts.has(c as Delimiter)) {
      const list = counts.get(c as Delimiter)!;
      list[list.length - 1]! += 1;
    }
  }
  let best: { d: Delimiter; score: number } = { d: ',', score: 0 };
  for (const [d, perLine] of counts) {
    // A last line cut off by the sample size is unreliable; empty lines say nothing.
    const full = (perLine.length > 1 ? perLine.slice(0, -1) : perLine).filter((n) => n > 0);
    if (!full.length) continue;
    const mode = modeOf(full);
    const agreeing = full.filter((n) => n === mode).length;
    const score = agreeing * 1000 + mode;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

function modeOf(values: number[]): number {
  const freq = new Map<number, number>();
  for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
  return [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
}

const DATA_LIKE = [
  /^[^@\s]+@[^@\s]+\.[^@\s]+$/, // an email
  /^[+-]?[\d\s.,]*\d$/, // a number
  /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}/, // a date
];

/** A first row is a header unless one of its cells looks like data (an email, a number, a date) or is empty. */
export function detectHeader(first: readonly string[]): boolean {
  return (
    first.length > 0 && first.every((c) => c.trim() !== '' && !DATA_LIKE.some((re) => re.test(c.trim())))
  );
}

/** Column names for the mapping: the header's (made unique) or "Column 1", "Column 2"… */
export function columnNames(firstRow: readonly string[], header: boolean, width = firstRow.length): string[] {
  if (!header) return Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  const seen = new Map<string, number>();
  return firstRow.map((raw, i) => {
    const base = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

// The parser counts the line a record ends on, and every \r and \n inside quotes as a line of its own;
// a person looks for the line the row starts on.
function startLine(endLine: number, cells: readonly string[]): number {
  let breaks = 0;
  for (const c of cells) if (c.includes('\n') || c.includes('\r')) breaks += c.match(/[\r\n]/g)!.length;
  return endLine - breaks;
}

function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Resolves when the parser has records to read, has ended, or was closed; rejects when it failed. */
function readableOrEnd(parser: Transform): Promise<void> {
  if (parser.errored) return Promise.reject(parser.errored);
  if (parser.readableEnded || parser.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (err?: unknown) => {
      parser.off('readable', ok).off('end', ok).off('close', ok).off('error', settle);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => settle();
    parser.on('readable', ok).on('end', ok).on('close', ok).on('error', settle);
  });
}

/**
 * Every record of a CSV stream, in order, in batches of whatever the parser has ready. Batches, not single
 * records, because every await in a request costs a promise and its async context: one per batch keeps a
 * 100,000-row file cheap. Back-pressure holds: the file is read only as fast as batches are consumed.
 * Records whose cells are all empty (the ",,," rows spreadsheets leave at the end) are skipped. Breaking
 * out of the loop closes the file.
 */
export async function* csvBatches(input: Readable, delimiter: Delimiter): AsyncGenerator<TableRow[]> {
  const options: Options<TableRow, string[]> = {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // One record over 1 MB is a broken quote swallowing the file, not a real row.
    max_record_size: 1024 * 1024,
    on_record: (record, context) =>
      isBlankRecord(record) ? null : { line: startLine(context.lines, record), cells: record, index: 0 },
  };
  // The typings only know records that stay string arrays; ours become rows with their line.
  const parser = parse(options as unknown as Options);
  pipeline(input, parser, () => undefined);
  try {
    for (;;) {
      const batch: TableRow[] = [];
      for (let r = parser.read() as TableRow | null; r !== null; r = parser.read() as TableRow | null)
        batch.push(r);
      if (batch.length) yield batch;
      else if (parser.errored) throw parser.errored;
      else if (parser.readableEnded || parser.destroyed) break;
      else await readableOrEnd(parser);
    }
  } catch (err) {
    throw toReadError(err);
  } finally {
    parser.destroy();
    input.destroy();
  }
}

function toReadError(err: unknown): Error {
  if (
    !(err instanceof Error) ||
    !('code' in err) ||
    typeof err.code !== 'string' ||
    !err.code.startsWith('CSV_')
  )
    return err instanceof Error ? err : new Error(String(err));
  const line = 'lines' in err && typeof err.lines === 'number' ? err.lines : null;
  const where = line ? ` near line ${line}` : '';
  const what =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is never closed (a " is missing)'
      : err.code === 'CSV_MAX_RECORD_SIZE'
        ? 'one row is longer than 1 MB, which usually means a stray " swallowed the rest of the file'
        : `it is not valid CSV (${err.message.replace(/^Invalid |\.$/g, '')})`;
  return new CsvReadError(`The file cannot be read${where}: ${what}.`, line);
}

/** A file as a table: its column names, and its data rows numbered from 0, in batches. */
export interface CsvTable {
  columns: string[];
  batches: AsyncGenerator<TableRow[]>;
  /** Closes the file without reading the rows (reading them to the end, or breaking out, closes it too). */
  close(): Promise<void>;
}

/**
 * Opens a CSV stream as a table: the first record names the columns (or, without a header, is the first
 * row of "Column 1", "Column 2"…). `skip` passes over data rows already handled, so a resumed import
 * carries on where it stopped. Close it by finishing or breaking out of `batches`.
 */
export async function readTable(
  input: Readable,
  opts: { delimiter: Delimiter; header: boolean; skip?: number },
): Promise<CsvTable> {
  const source = csvBatches(input, opts.delimiter);
  const close = async () => void (await source.return(undefined));
  const head = await source.next();
  if (head.done) return { columns: [], batches: source, close };
  const columns = columnNames(head.value[0]!.cells, opts.header);
  const skip = opts.skip ?? 0;
  let index = 0;
  const numbered = (rows: TableRow[]) => {
    const out: TableRow[] = [];
    for (const row of rows) {
      row.index = index++;
      if (row.index >= skip) out.push(row);
    }
    return out;
  };
  async function* batches(): AsyncGenerator<TableRow[]> {
    try {
      const first = numbered(opts.header ? head.value!.slice(1) : head.value!);
      if (first.length) yield first;
      for await (const batch of source) {
        const rows = numbered(batch);
        if (rows.length) yield rows;
      }
    } finally {
      await source.return(undefined);
    }
  }
  return { columns, batches: batches(), close };
}
