// Receiving an uploaded CSV: written to a file as it arrives (never held in memory), refused as soon as it
// is too big or is not UTF-8 text. A refused upload leaves no file behind.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import { AppError, BadRequestError, PayloadTooLargeError, ValidationError } from '@/lib/errors';

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export type UploadBody = WebReadableStream<Uint8Array> | Readable;

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

function tooBig(maxBytes: number): PayloadTooLargeError {
  const limit =
    maxBytes >= 1024 * 1024
      ? `${Math.round(maxBytes / 1024 / 1024)} MB`
      : `${maxBytes.toLocaleString('en-US')} bytes`;
  return new PayloadTooLargeError(`The file is larger than ${limit}; split it into smaller files.`);
}

const SIGNATURES: Array<[Buffer, string]> = [
  [Buffer.from('PK\x03\x04', 'latin1'), 'an Excel workbook or another zip file'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'an old Excel workbook'],
  [Buffer.from('%PDF', 'latin1'), 'a PDF'],
];

const NOT_CSV = 'Save it as "CSV UTF-8" in your spreadsheet program and upload that.';
const notCsv = (what: string, field: string) => new ValidationError(`${what} ${NOT_CSV}`, { file: [field] });

/** Checks each chunk as it arrives: the size limit, that it is text, and that the text is UTF-8. */
function textChecker(maxBytes: number) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  return {
    get size() {
      return size;
    },
    push(chunk: Uint8Array) {
      if (size === 0) {
        const kind = SIGNATURES.find(([sig]) => Buffer.from(chunk.subarray(0, sig.length)).equals(sig))?.[1];
        if (kind) throw notCsv(`This file is ${kind}, not a CSV file.`, 'Not a CSV file.');
      }
      size += chunk.length;
      if (size > maxBytes) throw tooBig(maxBytes);
      if (chunk.includes(0))
        throw notCsv('This file is not text, so it is not a CSV file.', 'Not a CSV file.');
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        throw notCsv('This file is not UTF-8 text.', 'Not UTF-8.');
      }
    },
    end() {
      try {
        decoder.decode();
      } catch {
        throw notCsv('This file ends in the middle of a character: it is not UTF-8 text.', 'Not UTF-8.');
      }
    },
  };
}

/**
 * Reads a body chunk by chunk, from a web stream (a route handler's) or a Node stream (tests). A refused
 * upload is not read any further (`stopReading`): Next's request stream pulls from the socket only when
 * read, and the server closes the connection after the answer (lib/http/read-body.ts). Cancelling the
 * stream instead would destroy the socket before the answer is written.
 */
function chunkReader(body: UploadBody): { read(): Promise<Uint8Array | null>; stopReading(): void } {
  if (body instanceof Readable) {
    const it = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    return {
      read: async () => {
        const r = await it.next();
        return r.done ? null : r.value;
      },
      stopReading: () => void body.pause(),
    };
  }
  const reader = body.getReader();
  return {
    read: async () => {
      const r = await reader.read();
      return r.done ? null : r.value;
    },
    stopReading: () => reader.releaseLock(),
  };
}

/**
 * Streams a request body into `dir` under a temporary name, with back-pressure from the disk. Answers the
 * temporary path and size; on any refusal the partial file is removed, so a bad upload leaves nothing behind.
 */
export async function receiveUpload(
  body: UploadBody | null,
  dir: string,
  opts: { maxBytes?: number; declaredBytes?: number } = {},
): Promise<{ tmpPath: string; size: number }> {
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  if (!body) throw new BadRequestError('The upload is empty: send the CSV file as the request body.');
  const reader = chunkReader(body);
  if (opts.declaredBytes !== undefined && opts.declaredBytes > maxBytes) {
    reader.stopReading();
    throw tooBig(maxBytes);
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmpPath = path.join(dir, `.incoming-${randomUUID()}.csv`);
  const check = textChecker(maxBytes);
  const out = fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });
  try {
    for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
      check.push(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    check.end();
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    reader.stopReading();
    out.destroy();
    // The file may still be opening when the upload fails; remove it only once it is closed.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    fs.rmSync(tmpPath, { force: true });
    throw err;
  }
  if (check.size === 0) {
    fs.rmSync(tmpPath, { force: true });
    throw new BadRequestError('The file is empty.');
  }
  return { tmpPath, size: check.size };
}
