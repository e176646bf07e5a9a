// Where uploaded CSV files live, and reading a received one once to learn its shape. lib/data/backfill.ts
// records the job; lib/data/upload-chunks.ts keeps the file itself on PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

import { config } from '@/lib/config';
import {
  deleteUploadChunks,
  hasUploadChunks,
  readUploadChunks,
  storeUploadChunks,
  UPLOAD_CHUNK_BYTES,
  uploadsInDatabase,
} from '@/lib/data/upload-chunks';
import { ConflictError, ValidationError } from '@/lib/errors';
import type { BackfillMapping, DayMonthOrder, DecimalSeparator, Delimiter } from '@/lib/validations/backfill';
import { columnNames, csvBatches, CsvReadError, detectHeader, sniffDelimiter } from './csv';
import { gcPacer, ROWS_BETWEEN_COLLECTIONS } from './heap';
import { suggestFormat, suggestMapping } from './mapping';
import { MAX_UPLOAD_BYTES } from './receive';

const HEAD_BYTES = 64 * 1024;
const SAMPLE_ROWS = 20;

// ---- Where uploads live once received, until the job ends: on SQLite DATA_DIR/uploads/<jobId>.csv (one
// process; the disk is the fastest place for it); on PostgreSQL the database, in chunks
// (lib/data/upload-chunks.ts), so every instance reads the same file. Receiving and inspecting use a
// temporary file on the receiving instance's disk either way: one request does both.

export function uploadsDir(): string {
  return path.join(config().dataDir, 'uploads');
}

function uploadPath(id: number): string {
  return path.join(uploadsDir(), `${id}.csv`);
}

/** BACKFILL_MAX_BYTES lowers (or raises) the 100 MB cap, e.g. for a small machine. */
export function maxUploadBytes(): number {
  return config().backfillMaxBytes ?? MAX_UPLOAD_BYTES;
}

/** Keeps a received file (`tmpPath`, which it consumes) as job `id`'s upload. */
export async function storeUpload(tmpPath: string, id: number): Promise<void> {
  if (!uploadsInDatabase()) return fs.renameSync(tmpPath, uploadPath(id));
  await storeUploadChunks(id, fs.createReadStream(tmpPath, { highWaterMark: UPLOAD_CHUNK_BYTES }));
  fs.rmSync(tmpPath, { force: true });
}

export async function deleteUpload(id: number): Promise<void> {
  if (uploadsInDatabase()) await deleteUploadChunks(id);
  else fs.rmSync(uploadPath(id), { force: true });
}

// Small reads on purpose: each one becomes a batch of parsed rows that waits to be converted, and rows that
// wait long get promoted to the old heap, which then grows until a full GC. 16 KB is ~150 order rows.
const READ_BYTES = 16 * 1024;

function readFile(file: string): Readable {
  return fs.createReadStream(file, { highWaterMark: READ_BYTES });
}

/** Job `id`'s upload as a byte stream, read as it is consumed (never whole in memory). */
export function openUpload(id: number): Readable {
  if (!uploadsInDatabase()) return readFile(uploadPath(id));
  // The stored chunks handed on in reads as small as the disk's.
  return Readable.from(readUploadChunks(id, READ_BYTES), { objectMode: false, highWaterMark: READ_BYTES });
}

export async function assertUploadExists(id: number): Promise<void> {
  const exists = uploadsInDatabase() ? await hasUploadChunks(id) : fs.existsSync(uploadPath(id));
  if (!exists) throw new ConflictError('The uploaded file is no longer here; upload it again.');
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
