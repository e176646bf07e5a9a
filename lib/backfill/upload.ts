// Where uploaded CSV files live, and reading a received one once to learn its shape. No database here:
// lib/data/backfill.ts records the job.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

import { config } from '@/lib/config';
import { ConflictError, ValidationError } from '@/lib/errors';
import type { BackfillMapping, DayMonthOrder, DecimalSeparator, Delimiter } from '@/lib/validations/backfill';
import { columnNames, csvBatches, CsvReadError, detectHeader, sniffDelimiter } from './csv';
import { gcPacer, ROWS_BETWEEN_COLLECTIONS } from './heap';
import { suggestFormat, suggestMapping } from './mapping';
import { MAX_UPLOAD_BYTES } from './receive';

const HEAD_BYTES = 64 * 1024;
const SAMPLE_ROWS = 20;

// ---- Where uploads live: DATA_DIR/uploads/<jobId>.csv, never in the database, removed when the job ends.

export function uploadsDir(): string {
  return path.join(config().dataDir, 'uploads');
}

export function uploadPath(id: number): string {
  return path.join(uploadsDir(), `${id}.csv`);
}

/** BACKFILL_MAX_BYTES lowers (or raises) the 100 MB cap, e.g. for a small machine. */
export function maxUploadBytes(): number {
  return config().backfillMaxBytes ?? MAX_UPLOAD_BYTES;
}

export function deleteUpload(id: number): void {
  fs.rmSync(uploadPath(id), { force: true });
}

// Small reads on purpose: each one becomes a batch of parsed rows that waits to be converted, and rows that
// wait long get promoted to the old heap, which then grows until a full GC. 16 KB is ~150 order rows.
const READ_BYTES = 16 * 1024;

function readFile(file: string): Readable {
  return fs.createReadStream(file, { highWaterMark: READ_BYTES });
}

export function openUpload(id: number): Readable {
  return readFile(uploadPath(id));
}

export function assertUploadExists(id: number): void {
  if (!fs.existsSync(uploadPath(id)))
    throw new ConflictError('The uploaded file is no longer here; upload it again.');
}

/** An upload a crash interrupted leaves a temporary file; an hour later nobody is still sending it. */
export function removeStaleIncoming(): void {
  const dir = uploadsDir();
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.startsWith('.incoming-') && Date.now() - fs.statSync(file).mtimeMs > 3_600_000) {
      fs.rmSync(file, { force: true });
    }
  }
}

/** What the mapping screen starts from: the file's shape and first guesses. */
export interface UploadShape {
  delimiter: Delimiter;
  header: boolean;
  /** Every record, the header included. */
  records: number;
  firstRow: string[];
  width: number;
  columns: string[];
  suggestedMapping: BackfillMapping;
  suggestedFormat: { dayMonthOrder: DayMonthOrder; decimal: DecimalSeparator };
}

/** Reads a received file once, start to end: its separator, header, size in rows, and a sample to guess from. */
export async function inspectUpload(file: string): Promise<UploadShape> {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(HEAD_BYTES);
  const read = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
  fs.closeSync(fd);
  const delimiter = sniffDelimiter(
    head
      .subarray(0, read)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  );

  const sample: string[][] = [];
  let records = 0;
  try {
    const pace = gcPacer(4 * ROWS_BETWEEN_COLLECTIONS);
    for await (const batch of csvBatches(readFile(file), delimiter)) {
      for (const row of batch) if (sample.length < SAMPLE_ROWS) sample.push(row.cells);
      records += batch.length;
      pace(batch.length);
    }
  } catch (err) {
    if (err instanceof CsvReadError) throw new ValidationError(err.message, { file: [err.message] });
    throw err;
  }
  const firstRow = sample[0];
  if (!firstRow) throw new ValidationError('The file has no rows.', { file: ['No rows.'] });
  const header = detectHeader(firstRow);
  if (header && records === 1) {
    throw new ValidationError('The file has column names but no rows below them.', { file: ['No rows.'] });
  }
  const width = Math.max(...sample.map((r) => r.length));
  const columns = columnNames(firstRow, header, width);
  const suggestedMapping = header ? suggestMapping(columns) : { type: { constant: 'PURCHASE' } };
  const dataSample = header ? sample.slice(1) : sample;
  return {
    delimiter,
    header,
    records,
    firstRow,
    width,
    columns,
    suggestedMapping,
    suggestedFormat: suggestFormat(suggestedMapping, columns, dataSample),
  };
}
