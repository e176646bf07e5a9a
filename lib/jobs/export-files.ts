import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

import { config } from '@/lib/config';
import { getJobRow, toJobView, type JobView } from '@/lib/data/jobs';
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
}

const EXTENSION: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl' };

/**
 * One file per job, named by its id alone (never by anything a person typed): DATA_DIR/exports/
 * export-<id>.<ext>, written as `.part` until the last row is in, so a half file is never served.
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

/** The finished file of a person's export, while it is kept; 404 otherwise, with a sentence saying why. */
export async function exportDownload(
  jobId: number,
  actorId: number | null,
  now = Date.now(),
): Promise<{ file: string; filename: string; format: ExportFormat; bytes: number }> {
  const job = await ownExportJob(jobId, actorId);
  const { format } = job.params as ExportParams;
  if (job.status !== 'succeeded') throw new NotFoundError('This export has no file: it did not finish.');
  const file = exportFile(jobId, format);
  if (expired(job, now) || !fs.existsSync(file))
    throw new NotFoundError('This export was deleted: files are kept for 24 hours. Export again.');
  const stamp = new Date(job.createdAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return {
    file,
    filename: `deliveries-${stamp}.${EXTENSION[format]}`,
    format,
    bytes: fs.statSync(file).size,
  };
}

export function removeExportFiles(jobId: number, format: ExportFormat): void {
  for (const partial of [true, false]) fs.rmSync(exportFile(jobId, format, partial), { force: true });
}

/**
 * Deletes every export file whose job is not running and not a success younger than 24 hours: expired,
 * cancelled, failed, or whose job no longer exists. Run by the hourly maintenance tick.
 */
export async function sweepExportFiles(now = Date.now()): Promise<number> {
  const dir = config().exportsDir;
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
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
