import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

import { config } from '@/lib/config';
import { getJobRow, toJobView, type JobView } from '@/lib/data/jobs';
import {
  deleteEndedExportChunks,
  deleteUploadChunks,
  readUploadChunks,
  uploadChunksBytes,
  uploadsInDatabase,
} from '@/lib/data/upload-chunks';
import { NotFoundError } from '@/lib/errors';
import type { ExportFormat } from '@/lib/validations/export';

/** How long a finished export can be downloaded; the maintenance timer deletes it after. */
export const EXPORT_KEEP_MS = 24 * 3_600_000;

export interface ExportParams {
  filters: unknown;
  format: ExportFormat;
  /** Deliveries written after the job started (ids above this) are not part of it. */
  maxId: number;
  /** Where a resumed job carries on: the last id written, and the file's length at that point. */
  before?: number;
  bytes?: number;
  /** On PostgreSQL, the chunks stored so far (lib/data/upload-chunks.ts): one per page, the preamble first. */
  chunks?: number;
}

const EXTENSION: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl' };

/**
 * One file per job. On SQLite named by its id alone (never by anything a person typed): DATA_DIR/exports/
 * export-<id>.<ext>, written as `.part` until the last row is in, so a half file is never served. On
 * PostgreSQL in the database (upload_chunks, keyed by the job), so a download reaching any instance finds
 * it; it is served once its job succeeded.
 */
export function exportFile(jobId: number, format: ExportFormat, partial = false): string {
  return path.join(config().exportsDir, `export-${jobId}.${EXTENSION[format]}${partial ? '.part' : ''}`);
}

/** An export job of this person; 404 for anyone else's (its existence is not theirs to learn). */
export async function ownExportJob(jobId: number, actorId: number | null): Promise<JobView> {
  let job: JobView;
  try {
    job = toJobView(await getJobRow(jobId));
  } catch {
    throw new NotFoundError('This export does not exist.');
  }
  if (job.kind !== 'export' || actorId === null || job.createdBy !== actorId)
    throw new NotFoundError('This export does not exist.');
  return job;
}

const expired = (job: JobView, now: number) =>
  job.finishedAt !== null && now - job.finishedAt >= EXPORT_KEEP_MS;

/** Bytes per piece a stored export is streamed in. */
const STREAM_PIECE_BYTES = 64 * 1024;

/** The finished file's size and a way to read it, from whichever store holds it; undefined when it is gone. */
async function storedExport(
  jobId: number,
  params: ExportParams,
): Promise<{ bytes: number; open(): Readable } | undefined> {
  if (uploadsInDatabase()) {
    const bytes = await uploadChunksBytes(jobId);
    if (bytes === undefined) return undefined;
    return {
      bytes,
      // Fails, rather than ends early, when the sweep deletes the chunks while they stream.
      open: () => Readable.from(readUploadChunks(jobId, STREAM_PIECE_BYTES, bytes), { objectMode: false }),
    };
  }
  const file = exportFile(jobId, params.format);
  if (!fs.existsSync(file)) return undefined;
  return { bytes: fs.statSync(file).size, open: () => fs.createReadStream(file) };
}

/** The finished file of a person's export, while it is kept; 404 otherwise, with a sentence saying why. */
export async function exportDownload(
  jobId: number,
  actorId: number | null,
  now = Date.now(),
): Promise<{ open(): Readable; filename: string; format: ExportFormat; bytes: number }> {
  const job = await ownExportJob(jobId, actorId);
  const params = job.params as ExportParams;
  if (job.status !== 'succeeded') throw new NotFoundError('This export has no file: it did not finish.');
  const stored = expired(job, now) ? undefined : await storedExport(jobId, params);
  if (!stored) throw new NotFoundError('This export was deleted: files are kept for 24 hours. Export again.');
  const stamp = new Date(job.createdAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return {
    ...stored,
    filename: `deliveries-${stamp}.${EXTENSION[params.format]}`,
    format: params.format,
  };
}

/** Deletes a job's file, finished or not, from whichever store holds it. */
export async function discardExport(jobId: number, format: ExportFormat): Promise<void> {
  if (uploadsInDatabase()) return deleteUploadChunks(jobId);
  for (const partial of [true, false]) fs.rmSync(exportFile(jobId, format, partial), { force: true });
}

/**
 * Deletes every export file whose job is not running and not a success younger than 24 hours: expired,
 * cancelled, failed, or whose job no longer exists (stored ones go with their job). Run by the hourly
 * maintenance tick.
 */
export async function sweepExportFiles(now = Date.now()): Promise<number> {
  const stored = uploadsInDatabase() ? await deleteEndedExportChunks(now - EXPORT_KEEP_MS) : 0;
  const dir = config().exportsDir;
  if (!fs.existsSync(dir)) return stored;
  let removed = stored;
  for (const name of fs.readdirSync(dir)) {
    const match = /^export-(\d+)\./.exec(name);
    if (!match) continue;
    let job: JobView | null = null;
    try {
      job = toJobView(await getJobRow(Number(match[1])));
    } catch {
      job = null;
    }
    const keep =
      job?.kind === 'export' &&
      (['pending', 'running'].includes(job.status) ||
        (job.status === 'succeeded' && !name.endsWith('.part') && !expired(job, now)));
    if (keep) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
