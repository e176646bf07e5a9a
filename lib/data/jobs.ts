import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';

import { schema } from '@/db';
import type { JobStatus } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { affectedRows, db, withTransaction } from './engine';
import { JobLeaseLost } from './job-leases';

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

/** The job as screens and the API see it: which instance runs it (its lease) is the runner's business. */
export function toJobView(row: JobRow): JobView {
  const { leaseOwner: _owner, leaseUntil: _until, ...rest } = row;
  return { ...rest, errors: (row.errors as JobView['errors'] | null) ?? [] };
}

interface NewJob {
  kind: JobKind;
  params: unknown;
  total?: number;
  integrationId?: number | null;
  createdBy?: number | null;
}

const newJob = (input: NewJob) => ({
  kind: input.kind,
  status: 'pending' as const,
  params: input.params,
  total: input.total ?? 0,
  integrationId: input.integrationId ?? null,
  createdBy: input.createdBy ?? null,
});

export async function createJob(input: NewJob): Promise<JobView> {
  const [row] = await db().insert(schema.jobs).values(newJob(input)).returning();
  return toJobView(row!);
}

/**
 * Creates the job unless the newest of its kind is still pending or running, which is returned instead
 * (`created` false). One transaction: two starts at once (a click and the daily timer) make one job.
 */
export async function createJobUnlessActive(input: NewJob): Promise<{ job: JobView; created: boolean }> {
  return withTransaction(async () => {
    const [current] = await listJobs(input.kind, 1);
    if (current && (current.status === 'pending' || current.status === 'running'))
      return { job: current, created: false };
    return { job: await createJob(input), created: true };
  });
}

function found(row: JobRow | undefined, kind?: JobKind): JobRow {
  if (!row || (kind && row.kind !== kind)) throw new NotFoundError('This job does not exist.');
  return row;
}

export async function getJobRow(id: number): Promise<JobRow> {
  const [row] = await db().select().from(schema.jobs).where(eq(schema.jobs.id, id)).limit(1);
  return found(row);
}

/** The job; 404 when there is none, or it is not of `kind`. */
export async function getJob(id: number, kind?: JobKind): Promise<JobView> {
  return toJobView(found(await getJobRow(id), kind));
}

export async function listJobs(kind: JobKind, limit = 20): Promise<JobView[]> {
  const rows = await db()
    .select()
    .from(schema.jobs)
    .where(eq(schema.jobs.kind, kind))
    .orderBy(desc(schema.jobs.id))
    .limit(limit);
  return rows.map(toJobView);
}

export async function markJobRunning(id: number, total?: number): Promise<void> {
  await db()
    .update(schema.jobs)
    .set({ status: 'running', startedAt: Date.now(), ...(total !== undefined ? { total } : {}) })
    .where(eq(schema.jobs.id, id));
}

interface JobProgress {
  processed: number;
  ok: number;
  errors?: Array<{ row?: number; id?: number; message: string }>;
  total?: number;
  /** Replaces the job's params, e.g. to remember where a resumed job carries on. */
  params?: unknown;
}

/** The update that adds `delta` to a job that held `storedErrors`: counts add up in SQL, the first problems are kept. */
function progressed(storedErrors: unknown, delta: JobProgress) {
  const kept = ((storedErrors as JobView['errors'] | null) ?? [])
    .concat(delta.errors ?? [])
    .slice(0, MAX_STORED_JOB_ERRORS);
  const j = schema.jobs;
  return {
    processed: sql`${j.processed} + ${delta.processed}`,
    okCount: sql`${j.okCount} + ${delta.ok}`,
    errorCount: sql`${j.errorCount} + ${delta.errors?.length ?? 0}`,
    errors: kept,
    ...(delta.total !== undefined ? { total: delta.total } : {}),
    ...(delta.params !== undefined ? { params: delta.params } : {}),
  };
}

/**
 * Adds progress and keeps the first problems; one transaction, so progress is never half-written.
 * With `owner`, only while `owner` holds the job's lease: otherwise JobLeaseLost is thrown and the
 * transaction (the caller's too, when this joins one) rolls back, so an instance that lost its job
 * cannot record progress over the instance now running it.
 */
export async function addJobProgress(id: number, delta: JobProgress, owner?: string): Promise<void> {
  const j = schema.jobs;
  await withTransaction(async () => {
    const [current] = await db().select({ errors: j.errors }).from(j).where(eq(j.id, id)).limit(1);
    const mine = owner === undefined ? eq(j.id, id) : and(eq(j.id, id), eq(j.leaseOwner, owner));
    const result = await db().update(j).set(progressed(current?.errors, delta)).where(mine);
    if (owner !== undefined && affectedRows(result) === 0) throw new JobLeaseLost(id);
  });
}

type FinalStatus = Exclude<JobStatus, 'pending' | 'running'>;

/**
 * Ends the job; with `owner`, only while `owner` holds its lease (false otherwise: another instance runs
 * it now and will end it). The lease ends with the job.
 */
export async function finishJob(
  id: number,
  status: FinalStatus,
  message: string | null = null,
  owner?: string,
): Promise<boolean> {
  const j = schema.jobs;
  const result = await db()
    .update(j)
    .set({ status, message, finishedAt: Date.now(), leaseUntil: null })
    .where(owner === undefined ? eq(j.id, id) : and(eq(j.id, id), eq(j.leaseOwner, owner)));
  return affectedRows(result) === 1;
}

const cancellable = (id: number) =>
  and(eq(schema.jobs.id, id), inArray(schema.jobs.status, ['pending', 'running']));

export async function requestJobCancel(id: number, kind: JobKind): Promise<JobView> {
  await getJob(id, kind);
  await db().update(schema.jobs).set({ cancelRequested: true }).where(cancellable(id));
  return getJob(id);
}

export async function isJobCancelRequested(id: number): Promise<boolean> {
  const [row] = await db()
    .select({ c: schema.jobs.cancelRequested })
    .from(schema.jobs)
    .where(eq(schema.jobs.id, id))
    .limit(1);
  return !!row?.c;
}

/** Jobs a previous run left unfinished, to resume on start. */
export async function unfinishedJobs(): Promise<JobView[]> {
  const rows = await db()
    .select()
    .from(schema.jobs)
    .where(inArray(schema.jobs.status, ['pending', 'running']))
    .orderBy(schema.jobs.id);
  return rows.map(toJobView);
}
