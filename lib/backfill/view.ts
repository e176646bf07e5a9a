// A backfill as the screen and the JSON API see it: the generic job row plus what the upload stored in
// the job's params (the file's shape, the suggestions, the plan once started, and the running tallies).
import type { DeliveryStatus, JobStatus } from '@/db/enums';
import type { JobView } from '@/lib/data/jobs';
import type {
  BackfillMapping,
  BackfillPlan,
  DayMonthOrder,
  DecimalSeparator,
  Delimiter,
} from '@/lib/validations/backfill';
import { columnNames } from './csv';

/** What a backfill job keeps in `jobs.params`. */
export interface BackfillParams {
  filename: string;
  size: number;
  integrationName: string;
  /** `firstRow` holds the header's cells; it is empty for a file without one (its first row is data). */
  shape: { delimiter: Delimiter; header: boolean; records: number; firstRow: string[]; width: number };
  suggested: { mapping: BackfillMapping; dayMonthOrder: DayMonthOrder; decimal: DecimalSeparator };
  /** Set once, when the import is started; its presence is what "started" means. */
  plan?: BackfillPlan;
  /** False when the plan's separator differs from the detected one: the job counts the rows first. */
  totalKnown?: boolean;
  invalid?: number;
  duplicates?: number;
  /** The range of delivery ids this import wrote, to count how they are doing. */
  firstDeliveryId?: number | null;
  lastDeliveryId?: number | null;
}

export interface BackfillView {
  id: number;
  status: JobStatus;
  integrationId: number | null;
  integrationName: string;
  filename: string;
  size: number;
  /** Data rows in the file (the header not counted). */
  rows: number;
  processed: number;
  imported: number;
  invalid: number;
  duplicates: number;
  /** The first problems, by line of the file; `deliveryId` is the earlier delivery of a duplicate. */
  problems: Array<{ line: number | null; deliveryId?: number; message: string }>;
  message: string | null;
  cancelRequested: boolean;
  createdBy: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  shape: BackfillParams['shape'] & { columns: string[] };
  suggested: BackfillParams['suggested'];
  plan: BackfillPlan | null;
  totalKnown: boolean;
  firstDeliveryId: number | null;
  lastDeliveryId: number | null;
  /** This import's deliveries by status (single reads only; null in lists and before any row was written). */
  deliveries: Record<DeliveryStatus, number> | null;
}

export function toBackfillView(job: JobView & { createdBy?: number | null }): BackfillView {
  const p = job.params as BackfillParams;
  return {
    id: job.id,
    status: job.status,
    integrationId: job.integrationId,
    integrationName: p.integrationName,
    filename: p.filename,
    size: p.size,
    rows: job.total,
    processed: job.processed,
    imported: job.okCount,
    invalid: p.invalid ?? 0,
    duplicates: p.duplicates ?? 0,
    problems: job.errors.map((e) => ({
      line: e.row ?? null,
      ...(e.id !== undefined ? { deliveryId: e.id } : {}),
      message: e.message,
    })),
    message: job.message,
    cancelRequested: job.cancelRequested,
    createdBy: job.createdBy ?? null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    shape: { ...p.shape, columns: columnNames(p.shape.firstRow, p.shape.header, p.shape.width) },
    suggested: p.suggested,
    plan: p.plan ?? null,
    totalKnown: p.totalKnown !== false,
    firstDeliveryId: p.firstDeliveryId ?? null,
    lastDeliveryId: p.lastDeliveryId ?? null,
    deliveries: null,
  };
}
