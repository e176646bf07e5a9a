import 'server-only';
/**
 * CSV backfill, the job's life: upload (the file goes to DATA_DIR/uploads/<jobId>.csv on SQLite, into the
 * database in chunks on PostgreSQL (lib/backfill/upload.ts); the job is `pending` with the file's shape
 * and a suggested mapping) → preview (any number of
 * times, reads the whole file, writes nothing) → start (once: the mapping is fixed in the job's params) →
 * the job (lib/jobs/backfill.ts) writes queued deliveries in chunks → the file is removed when the job ends,
 * is cancelled before it started, or is discarded.
 *
 * The duplicate guard for past orders: a row whose type and externalId this integration already has a
 * delivery for (any source, any status but failed; earlier rows of the same file included) is skipped and
 * listed with the delivery it repeats, unless the plan says `importDuplicates`. Rows without an externalId
 * are never duplicates: the composer's "identical event in the last minute" rule means nothing for events
 * dated months ago. A failed delivery does not count, so re-importing is how a failed import is repaired.
 */
import fs from 'node:fs';

import {
  claimBackfillPlan,
  closeWaitingUpload,
  deleteBackfillJob,
  deleteWaitingUpload,
  deliveredBefore,
  deliveryCounts,
  type BackfillTarget,
} from '@/lib/data/backfill-rows';
import { findIntegrationRow } from '@/lib/data/integrations';
import { createJob, getJob, listJobs, requestJobCancel, type JobView } from '@/lib/data/jobs';
import { ConflictError, ValidationError } from '@/lib/errors';
import {
  backfillPlanSchema,
  backfillPreviewSchema,
  type BackfillMapping,
  type BackfillPlan,
  fieldLabel,
  type BackfillField,
} from '@/lib/validations/backfill';
import { parseOrThrow } from '@/lib/validations/parse';
import { createConverter } from './convert';
import { readTable, type CsvTable } from './csv';
import { previewTable, type PreviewResult, type RejectedRowSink } from './scan';
import {
  assertUploadExists,
  deleteUpload,
  inspectUpload,
  maxUploadBytes,
  openUpload,
  removeStaleIncoming,
  storeUpload,
  uploadsDir,
} from './upload';
import { receiveUpload, type UploadBody } from './receive';
import { toBackfillView, type BackfillParams, type BackfillView } from './view';

/**
 * Receives a CSV for an integration: streamed to a temporary file, checked to be a readable CSV with rows, then recorded
 * as a pending backfill job with its shape and suggested mapping. Any refusal leaves no file and no job.
 */
export async function createBackfillUpload(
  input: { integrationId: number; filename: string },
  body: UploadBody | null,
  opts: { declaredBytes?: number; createdBy: number | null },
): Promise<BackfillView> {
  const integration = await findIntegrationRow(input.integrationId);
  if (!integration)
    throw new ValidationError('This integration does not exist.', {
      integrationId: ['No such integration.'],
    });
  removeStaleIncoming();
  const { tmpPath, size } = await receiveUpload(body, uploadsDir(), {
    maxBytes: maxUploadBytes(),
    declaredBytes: opts.declaredBytes,
  });
  try {
    const shape = await inspectUpload(tmpPath);
    const params: BackfillParams = {
      filename: input.filename,
      size,
      integrationName: integration.name,
      shape: {
        delimiter: shape.delimiter,
        header: shape.header,
        records: shape.records,
        // Without a header the first row is data (someone's email): only column names are kept.
        firstRow: shape.header ? shape.firstRow : [],
        width: shape.width,
      },
      suggested: { mapping: shape.suggestedMapping, ...shape.suggestedFormat },
      invalid: 0,
      duplicates: 0,
    };
    const job = await createJob({
      kind: 'backfill',
      params,
      total: shape.records - (shape.header ? 1 : 0),
      integrationId: integration.id,
      createdBy: opts.createdBy,
    });
    try {
      await storeUpload(tmpPath, job.id);
    } catch (err) {
      await deleteBackfillJob(job.id);
      throw err;
    }
    return toBackfillView(job);
  } finally {
    fs.rmSync(tmpPath, { force: true });
  }
}

export async function getBackfill(id: number): Promise<BackfillView> {
  const view = toBackfillView(await getJob(id, 'backfill'));
  return { ...view, deliveries: await deliveryCounts(view) };
}

export async function listBackfills(limit = 20): Promise<BackfillView[]> {
  return (await listJobs('backfill', limit)).map(toBackfillView);
}

function assertPending(view: BackfillView, what: string): void {
  if (view.status === 'pending' && !view.plan) return;
  if (!view.plan) throw new ConflictError('This upload was cancelled; upload the file again.');
  throw new ConflictError(`This import has already started, so ${what}.`);
}

/** Mapped columns the file does not have, by field, in the house's `mapping.<field>` error keys. */
function missingColumns(mapping: BackfillMapping, columns: readonly string[]): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const [field, source] of Object.entries(mapping)) {
    if ('column' in source && !columns.includes(source.column)) {
      missing[field] = `${fieldLabel(field as BackfillField)}: the file has no column "${source.column}".`;
    }
  }
  return missing;
}

async function openFile(id: number, options: BackfillPlan['options'], skip = 0): Promise<CsvTable> {
  await assertUploadExists(id);
  return readTable(openUpload(id), { delimiter: options.delimiter, header: options.header, skip });
}

/** Opens the file with the plan's separator and header, and refuses a mapping that names a missing column. */
async function openPlanned(id: number, plan: BackfillPlan, skip = 0): Promise<CsvTable> {
  const table = await openFile(id, plan.options, skip);
  const missing = Object.entries(missingColumns(plan.mapping, table.columns));
  if (missing.length) {
    await table.close();
    throw new ValidationError(
      missing[0]![1],
      Object.fromEntries(missing.map(([f, m]) => [`mapping.${f}`, [m]])),
    );
  }
  return table;
}

/**
 * The mapping's result on the first rows, and counts over the whole file; nothing is written. An unfinished
 * mapping is fine here (its rows say what is missing); mapped columns the file lacks are reported apart.
 */
export async function previewBackfill(
  id: number,
  input: unknown,
  signal?: AbortSignal,
  onRejected?: RejectedRowSink,
): Promise<PreviewResult> {
  const { mapping, options } = parseOrThrow(backfillPreviewSchema, input);
  const view = toBackfillView(await getJob(id, 'backfill'));
  assertPending(view, 'the preview is no longer needed');
  const table = await openFile(id, options);
  const mappingErrors = missingColumns(mapping, table.columns);
  const usable = Object.fromEntries(Object.entries(mapping).filter(([f]) => !mappingErrors[f]));
  const converter = createConverter(table.columns, usable, options);
  const integrationId = view.integrationId;
  const result = await previewTable(table, converter, {
    signal,
    onRejected,
    findDelivered:
      options.importDuplicates || !integrationId ? undefined : (e) => deliveredBefore(integrationId, e),
  });
  return { ...result, mappingErrors };
}

/**
 * Fixes the mapping and marks the job ready to run. Only once: the claim is one conditional update, so two
 * clicks (or two tabs) cannot start the same file twice. The caller runs the job (lib/jobs/backfill.ts).
 */
export async function claimBackfillStart(id: number, input: unknown): Promise<void> {
  const plan = parseOrThrow(backfillPlanSchema, input);
  const view = toBackfillView(await getJob(id, 'backfill'));
  assertPending(view, 'it cannot be started again');
  await (await openPlanned(id, plan)).close();
  const total =
    plan.options.delimiter === view.shape.delimiter
      ? view.shape.records - (plan.options.header ? 1 : 0)
      : null;
  const claim = await claimBackfillPlan(id, view.integrationId, plan, total);
  if ('busyWith' in claim)
    throw new ConflictError(
      `Import #${claim.busyWith} for this integration is still running; start this one when it has finished.`,
    );
  if (!claim.claimed)
    throw new ConflictError('This import has already started; a file is imported only once.');
}

export const CANCELLED_BEFORE_START = 'Cancelled before the import started; nothing was sent.';

/** Stops an import between chunks; an upload never started is simply closed and its file removed. */
export async function cancelBackfill(id: number): Promise<BackfillView> {
  const view = toBackfillView(await getJob(id, 'backfill'));
  if (view.status === 'succeeded' || view.status === 'failed')
    throw new ConflictError('This import has already finished.');
  // Still waiting for its start: closed, and its file removed. Started meanwhile (or before): cancelled
  // between chunks like any running import.
  if (view.status === 'pending' && !view.plan && (await closeWaitingUpload(id, CANCELLED_BEFORE_START))) {
    await deleteUpload(id);
  } else if (view.status !== 'cancelled') {
    await requestJobCancel(id, 'backfill');
  }
  return await getBackfill(id);
}

/** Throws away an upload that was never started: its job and its file. */
export async function discardBackfill(id: number): Promise<void> {
  const view = toBackfillView(await getJob(id, 'backfill'));
  assertPending(view, 'cancel it instead of discarding it');
  // Started or cancelled meanwhile: refused as it would have been a moment later.
  if (!(await deleteWaitingUpload(id)))
    assertPending(toBackfillView(await getJob(id, 'backfill')), 'cancel it instead of discarding it');
  await deleteUpload(id);
}

// ---- What the job handler needs (lib/jobs/backfill.ts).

export interface BackfillRun extends BackfillTarget {
  processed: number;
  totalKnown: boolean;
}

export async function loadBackfillRun(job: JobView): Promise<BackfillRun> {
  const view = toBackfillView(job);
  if (!view.plan)
    throw new Error('This upload was never started, so there is nothing to import. Upload the file again.');
  const integration = view.integrationId ? await findIntegrationRow(view.integrationId) : undefined;
  if (!integration) throw new Error('The integration of this import was deleted; nothing more can be sent.');
  await assertUploadExists(job.id);
  return {
    id: job.id,
    plan: view.plan,
    integration: { id: integration.id, name: integration.name, detailLabels: integration.detailLabels },
    createdBy: view.createdBy,
    processed: job.processed,
    totalKnown: view.totalKnown,
  };
}

export async function openBackfillTable(run: BackfillRun): Promise<CsvTable> {
  return openPlanned(run.id, run.plan, run.processed);
}
