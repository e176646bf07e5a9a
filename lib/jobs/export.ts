import 'server-only';
import fs from 'node:fs';

import { config } from '@/lib/config';
import { audit, type AuditActor } from '@/lib/data/audit';
import { countExport, exportPage, exportPreamble, formatExportRows } from '@/lib/data/deliveries-export';
import { addJobProgress, createJob, type JobView } from '@/lib/data/jobs';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import type { ExportFormat } from '@/lib/validations/export';
import { exportFile, removeExportFiles, type ExportParams } from './export-files';
import { registerJobKind, runJob } from './runner';

/** Rows per page: one query, one write and one progress update each. */
const PAGE = 1000;

/**
 * Starts an export job of everything the filters match (the same conditions as the history, search
 * included). A filter that matches nothing starts no job and writes nothing: 422 with a sentence.
 */
export async function startExport(
  actor: { id: number | null; audit: AuditActor },
  filters: Omit<DeliveryFilters, 'cursor' | 'limit'>,
  format: ExportFormat,
): Promise<JobView> {
  // The file is served only to the person who asked; an actor without an id could never download it.
  if (actor.id === null) throw new ForbiddenError('Exports belong to a person; this token has no owner.');
  const { count, maxId } = await countExport(filters);
  if (count === 0)
    throw new ValidationError('Nothing matches these filters: there is nothing to export.', {
      filters: ['No delivery matches these filters.'],
    });
  const job = await createJob({
    kind: 'export',
    params: { filters, format, maxId } satisfies ExportParams,
    total: count,
    createdBy: actor.id,
  });
  await audit(
    actor.audit,
    'delivery.export',
    `Started an export of ${count} deliveries as ${format === 'csv' ? 'CSV' : 'JSON Lines'} (job #${job.id}).`,
    { type: 'job', id: job.id },
    { filters },
  );
  await runJob(job.id);
  return job;
}

/**
 * Writes the file page by page, newest first. Resumable after a kill: each page is appended and
 * flushed, then the job's row records the last id and the file's length in one statement; a resumed
 * job cuts the file back to that length (dropping a page written but not recorded) and carries on.
 */
registerJobKind('export', async (ctx) => {
  const id = ctx.job.id;
  let params = ctx.job.params as ExportParams;
  const filters = params.filters as Omit<DeliveryFilters, 'cursor' | 'limit'>;
  const part = exportFile(id, params.format, true);
  let done = ctx.job.processed;
  fs.mkdirSync(config().exportsDir, { recursive: true });
  if (params.bytes === undefined) {
    fs.writeFileSync(part, exportPreamble(params.format));
    params = { ...params, bytes: fs.statSync(part).size };
    await addJobProgress(id, { processed: 0, ok: 0, params });
  } else if (!fs.existsSync(part)) {
    throw new Error('The export’s unfinished file is gone; start the export again.');
  } else {
    fs.truncateSync(part, params.bytes);
  }
  const fd = fs.openSync(part, 'a');
  let cancelled = false;
  try {
    for (;;) {
      if (await ctx.cancelled()) {
        cancelled = true;
        break;
      }
      const rows = await exportPage(filters, { before: params.before, maxId: params.maxId, limit: PAGE });
      if (!rows.length) break;
      const text = Buffer.from(formatExportRows(rows, params.format));
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
      params = { ...params, before: rows.at(-1)![0], bytes: params.bytes! + text.length };
      done += rows.length;
      await addJobProgress(id, { processed: rows.length, ok: rows.length, params });
      // Let requests in between pages: the export shares the process with the screens.
      await new Promise((r) => setImmediate(r));
    }
  } catch (err) {
    fs.closeSync(fd);
    removeExportFiles(id, params.format);
    throw err;
  }
  fs.closeSync(fd);
  if (cancelled) {
    removeExportFiles(id, params.format);
    return { message: `Cancelled after ${done} deliveries; the unfinished file was deleted.` };
  }
  fs.renameSync(part, exportFile(id, params.format));
  return { message: `${done} deliveries written. The file can be downloaded for 24 hours.` };
});
