import 'server-only';

import { audit, type AuditActor } from '@/lib/data/audit';
import { countExport, exportPage, exportPreamble, formatExportRows } from '@/lib/data/deliveries-export';
import { JobLeaseLost } from '@/lib/data/job-leases';
import { addJobProgress, createJob, type JobView } from '@/lib/data/jobs';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import type { ExportFormat } from '@/lib/validations/export';
import { discardExport, type ExportParams } from './export-files';
import { openExportOutput } from './export-output';
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
 * Writes the file page by page, newest first. Resumable after a kill, here or on another instance: each
 * page is recorded with the last id written and the file's length (lib/jobs/export-output.ts); a resumed
 * job carries on from the last recorded page. Progress is recorded only while this instance holds the
 * job's lease, so an instance that lost it cannot write over the one carrying on.
 */
registerJobKind('export', async (ctx) => {
  const id = ctx.job.id;
  let params = ctx.job.params as ExportParams;
  const filters = params.filters as Omit<DeliveryFilters, 'cursor' | 'limit'>;
  const record = (rows: number) => (p: ExportParams) =>
    addJobProgress(id, { processed: rows, ok: rows, params: p }, ctx.owner);
  let done = ctx.job.processed;
  const out = await openExportOutput(id, params);
  let cancelled = false;
  try {
    if (params.bytes === undefined)
      params = await out.append(Buffer.from(exportPreamble(params.format)), params, record(0));
    for (;;) {
      if (await ctx.cancelled()) {
        cancelled = true;
        break;
      }
      const rows = await exportPage(filters, { before: params.before, maxId: params.maxId, limit: PAGE });
      if (!rows.length) break;
      params = await out.append(
        formatExportRows(rows, params.format),
        { ...params, before: rows.at(-1)![0] },
        record(rows.length),
      );
      done += rows.length;
      // Let requests in between pages: the export shares the process with the screens.
      await new Promise((r) => setImmediate(r));
    }
  } catch (err) {
    out.close();
    // A job another instance carries on keeps its unfinished file: that instance resumes it.
    if (!(err instanceof JobLeaseLost) && !ctx.leaseLost()) await discardExport(id, params.format);
    throw err;
  }
  out.close();
  if (cancelled) {
    await discardExport(id, params.format);
    return { message: `Cancelled after ${done} deliveries; the unfinished file was deleted.` };
  }
  await out.finish();
  return { message: `${done} deliveries written. The file can be downloaded for 24 hours.` };
});
