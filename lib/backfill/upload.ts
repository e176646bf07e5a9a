// Receiving an uploaded CSV: streamed to a file as it arrives (never held in memory), refused as soon as it
// is too big or is not text, then read once to learn its shape. No database here: lib/data/backfill.ts
// decides where the file goes and records the job.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import { config } from '@/lib/config';
import {
  AppError,
  BadRequestError,
  ConflictError,
  PayloadTooLargeError,
  ValidationError,
} from '@/lib/errors';
import type { BackfillMapping, DayMonthOrder, DecimalSeparator, Delimiter } from '@/lib/validations/backfill';
import { columnNames, CsvReadError, csvRecords, detectHeader, sniffDelimiter } from './csv';
import { suggestFormat, suggestMapping } from './mapping';

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
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
  const n = Number(process.env.BACKFILL_MAX_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : MAX_UPLOAD_BYTES;
}

export function deleteUpload(id: number): void {
  fs.rmSync(uploadPath(id), { force: true });
}

export function openUpload(id: number): Readable {
  return fs.createReadStream(uploadPath(id), { highWaterMark: 64 * 1024 });
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

// ---- Receiving.

function tooBig(maxBytes: number): string {
  const limit =
    maxBytes >= 1024 * 1024
      ? `${Math.round(maxBytes / 1024 / 1024)} MB`
      : `${maxBytes.toLocaleString('en-US')} bytes`;
  return `The file is larger than ${limit}; split it into smaller files.`;
}

/** Content types a browser or curl gives a CSV file (Windows reports .csv as an Excel type). */
const CSV_TYPES = new Set([
  '',
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'text/comma-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);

export function assertCsvContentType(contentType: string | null): void {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (CSV_TYPES.has(type)) return;
  const hint = type.startsWith('multipart/')
    ? ' Send the file itself as the body (curl --data-binary @orders.csv -H "content-type: text/csv").'
    : '';
  throw new AppError(415, 'unsupported_media_type', `Upload a CSV file (text/csv), not ${type}.${hint}`);
}

const SIGNATURES: Array<[Buffer, string]> = [
  [Buffer.from('PK\x03\x04', 'latin1'), 'an Excel workbook or another zip file'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'an old Excel workbook'],
  [Buffer.from('%PDF', 'latin1'), 'a PDF'],
];

const NOT_CSV = 'Save it as "CSV UTF-8" in your spreadsheet program and upload that.';

/** Passes bytes through while checking the limit, that they are text, and that the text is UTF-8. */
function textGuard(maxBytes: number): Transform & { size: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (size === 0) {
        const kind = SIGNATURES.find(([sig]) => chunk.subarray(0, sig.length).equals(sig))?.[1];
        if (kind)
          return done(
            new ValidationError(`This file is ${kind}, not a CSV file. ${NOT_CSV}`, {
              file: ['Not a CSV file.'],
            }),
          );
      }
      size += chunk.length;
      guard.size = size;
      if (size > maxBytes) return done(new PayloadTooLargeError(tooBig(maxBytes)));
      if (chunk.includes(0))
        return done(
          new ValidationError(`This file is not text, so it is not a CSV file. ${NOT_CSV}`, {
            file: ['Not a CSV file.'],
          }),
        );
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(new ValidationError(`This file is not UTF-8 text. ${NOT_CSV}`, { file: ['Not UTF-8.'] }));
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(
          new ValidationError(
            `This file ends in the middle of a character: it is not UTF-8 text. ${NOT_CSV}`,
            { file: ['Not UTF-8.'] },
          ),
        );
      }
    },
  }) as Transform & { size: number };
  guard.size = 0;
  return guard;
}

/**
 * Streams a request body into `dir` under a temporary name. Answers the temporary path and size; on any
 * refusal the partial file is removed, so a bad upload leaves nothing behind.
 */
export async function receiveUpload(
  body: WebReadableStream<Uint8Array> | Readable | null,
  dir: string,
  opts: { maxBytes?: number; declaredBytes?: number } = {},
): Promise<{ tmpPath: string; size: number }> {
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  if (opts.declaredBytes !== undefined && opts.declaredBytes > maxBytes) {
    throw new PayloadTooLargeError(tooBig(maxBytes));
  }
  if (!body) throw new BadRequestError('The upload is empty: send the CSV file as the request body.');
  fs.mkdirSync(dir, { recursive: true });
  const tmpPath = path.join(dir, `.incoming-${randomUUID()}.csv`);
  const guard = textGuard(maxBytes);
  const source = body instanceof Readable ? body : Readable.fromWeb(body);
  const out = fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(source, guard, out);
  } catch (err) {
    // The file may still be opening when the pipeline fails; remove it only once it is closed.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    fs.rmSync(tmpPath, { force: true });
    throw err;
  }
  if (guard.size === 0) {
    fs.rmSync(tmpPath, { force: true });
    throw new BadRequestError('The file is empty.');
  }
  return { tmpPath, size: guard.size };
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
    for await (const row of csvRecords(fs.createReadStream(file), delimiter)) {
      if (sample.length < SAMPLE_ROWS) sample.push(row.cells);
      records++;
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
