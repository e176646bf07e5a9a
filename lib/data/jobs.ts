import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';

import { getDb, schema, writeTransaction } from '@/db';
import type { JobStatus } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';

type JobRow = typeof schema.jobs.$inferSelect;
export type JobKind = JobRow['kind'];

export interface JobView {
  id: number;
  kind: JobKind;
  status: JobStatus;
  integrationId: number | null;
  params: unknown;
  total: number;
  processed: number;
  okCount: number;
  errorCount: number;
  errors: Array<{ row?: number; id?: number; message: string }>;
  message: string | null;
  cancelRequested: boolean;
  /** Who started it (a user id; null for the system's own runs). */
  createdBy: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export const MAX_STORED_JOB_ERRORS = 200;

export function toJobView(row: JobRow): JobView {
  return { ...row, errors: (row.errors as JobView['errors'] | null) ?? [] };
}

interface NewJob {
  kind: JobKind;
  params: unknown;
  total?: number;
  integrationId?: number | null;
  createdBy?: number | null;
}

export function createJobSync(input: NewJob): JobView {
  const row = getDb()
    .insert(schema.jobs)
    .values({
      kind: input.kind,
      status: 'pending',
      params: input.params,
      total: input.total ?? 0,
      integrationId: input.integrationId ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning()
    .get();
  return toJobView(row);
}

export async function createJob(input: NewJob): Promise<JobView> {
  return createJobSync(input);
}

/**
 * Creates the job unless the newest of its kind is still pending or running, which is returned instead
 * (`created` false). One transaction: two starts at once (a click and the daily timer) make one job.
 */
export async function createJobUnlessActive(input: NewJob): Promise<{ job: JobView; created: boolean }> {
  return writeTransaction(() => {
    const current = listJobsSync(input.kind, 1)[0];
    if (current && (current.status === 'pending' || current.status === 'running'))
      return { job: current, created: false };
    return { job: createJobSync(input), created: true };
  });
}

function getJobRowSync(id: number): JobRow {
  const row = getDb().select().from(schema.jobs).where(eq(schema.jobs.id, id)).get();
  if (!row) throw new NotFoundError('This job does not exist.');
  return row;
}

export async function getJobRow(id: number): Promise<JobRow> {
  return getJobRowSync(id);
}

function getJobSync(id: number, kind?: JobKind): JobView {
  const row = getJobRowSync(id);
  if (kind && row.kind !== kind) throw new NotFoundError('This job does not exist.');
  return toJobView(row);
}

export async function getJob(id: number, kind?: JobKind): Promise<JobView> {
  return getJobSync(id, kind);
}

function listJobsSync(kind: JobKind, limit: number): JobView[] {
  return getDb()
    .select()
    .from(schema.jobs)
    .where(eq(schema.jobs.kind, kind))
    .orderBy(desc(schema.jobs.id))
    .limit(limit)
    .all()
    .map(toJobView);
}

export async function listJobs(kind: JobKind, limit = 20): Promise<JobView[]> {
  return listJobsSync(kind, limit);
}

export async function markJobRunning(id: number, total?: number): Promise<void> {
  getDb()
    .update(schema.jobs)
    .set({ status: 'running', startedAt: Date.now(), ...(total !== undefined ? { total } : {}) })
    .where(eq(schema.jobs.id, id))
    .run();
}

interface JobProgress {
  processed: number;
  ok: number;
  errors?: Array<{ row?: number; id?: number; message: string }>;
  total?: number;
  /** Replaces the job's params, e.g. to remember where a resumed job carries on. */
  params?: unknown;
}

/** Adds progress and keeps the first problems; one statement, so progress is never half-written. */
export function addJobProgressSync(id: number, delta: JobProgress): void {
  const db = getDb();
  db.transaction(
    (tx) => {
      const current = tx
        .select({ errors: schema.jobs.errors })
        .from(schema.jobs)
        .where(eq(schema.jobs.id, id))
        .get();
      const kept = ((current?.errors as JobView['errors'] | null) ?? [])
        .concat(delta.errors ?? [])
        .slice(0, MAX_STORED_JOB_ERRORS);
      tx.update(schema.jobs)
        .set({
          processed: sql`${schema.jobs.processed} + ${delta.processed}`,
          okCount: sql`${schema.jobs.okCount} + ${delta.ok}`,
          errorCount: sql`${schema.jobs.errorCount} + ${delta.errors?.length ?? 0}`,
          errors: kept,
          ...(delta.total !== undefined ? { total: delta.total } : {}),
          ...(delta.params !== undefined ? { params: delta.params } : {}),
        })
        .where(eq(schema.jobs.id, id))
        .run();
    },
    { behavior: 'immediate' },
  );
}

export async function addJobProgress(id: number, delta: JobProgress): Promise<void> {
  return addJobProgressSync(id, delta);
}

export function finishJobSync(
  id: number,
  status: Exclude<JobStatus, 'pending' | 'running'>,
  message: string | null = null,
): void {
  getDb()
    .update(schema.jobs)
    .set({ status, message, finishedAt: Date.now() })
    .where(eq(schema.jobs.id, id))
    .run();
}

export async function finishJob(
  id: number,
  status: Exclude<JobStatus, 'pending' | 'running'>,
  message: string | null = null,
): Promise<void> {
  finishJobSync(id, status, message);
}

export function requestJobCancelSync(id: number, kind: JobKind): JobView {
  getJobSync(id, kind);
  getDb()
    .update(schema.jobs)
    .set({ cancelRequested: true })
    .where(and(eq(schema.jobs.id, id), inArray(schema.jobs.status, ['pending', 'running'])))
    .run();
  return getJobSync(id);
}

export async function requestJobCancel(id: number, kind: JobKind): Promise<JobView> {
  return requestJobCancelSync(id, kind);
}

export async function isJobCancelRequested(id: number): Promise<boolean> {
  return !!getDb()
    .select({ c: schema.jobs.cancelRequested })
    .from(schema.jobs)
    .where(eq(schema.jobs.id, id))
    .get()?.c;
}

/** Jobs a previous run left unfinished, to resume on start. */
export async function unfinishedJobs(): Promise<JobView[]> {
  return getDb()
    .select()
    .from(schema.jobs)
    .where(inArray(schema.jobs.status, ['pending', 'running']))
    .orderBy(schema.jobs.id)
    .all()
    .map(toJobView);
}
