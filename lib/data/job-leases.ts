import 'server-only';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { affectedRows, db } from './engine';

/**
 * Which instance runs a job (issue 18): a job runs only on the instance holding its lease (`lease_owner`,
 * `lease_until` on `jobs`). Every step is one conditional statement, so two instances asking at the same
 * moment never both get a job: on PostgreSQL the second UPDATE waits for the first's row lock and then
 * re-checks its condition against the row the first wrote (read committed); SQLite runs one at a time.
 */

/** Thrown by a write fenced by a lease (addJobProgress with an owner) when the lease is another's now. */
export class JobLeaseLost extends Error {
  constructor(id: number) {
    super(`Job ${id} is run by another instance now (its lease expired and was taken).`);
    this.name = 'JobLeaseLost';
  }
}

const j = schema.jobs;
const unfinished = inArray(j.status, ['pending', 'running']);

/**
 * Whether every lease found when this process starts is a previous run's of the same console: on SQLite
 * the console is one process (its database is a file of its own), so a restart takes its jobs back at
 * once instead of waiting for the leases of the run that was killed to expire.
 */
export function onlyProcess(): boolean {
  return engineKind() === 'sqlite';
}

/** Nobody holds the job: never claimed, released, or its lease ran out before `expiredBy`. */
const free = (expiredBy: number) =>
  or(isNull(j.leaseOwner), isNull(j.leaseUntil), lt(j.leaseUntil, expiredBy));

/**
 * Takes job `id` for `owner` until `now + leaseMs` if it is unfinished and free (see `free`; leases
 * ending before `expiredBy` count as expired) or `owner` holds it already; whether `owner` holds it now.
 */
export async function claimJob(
  id: number,
  owner: string,
  now: number,
  leaseMs: number,
  expiredBy = now,
): Promise<boolean> {
  const result = await db()
    .update(j)
    .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
    .where(and(eq(j.id, id), unfinished, or(free(expiredBy), eq(j.leaseOwner, owner))));
  return affectedRows(result) === 1;
}

/**
 * Extends `owner`'s lease on job `id`; false when the lease is no longer `owner`'s (another instance
 * took it after it expired, or it was released): the job must then stop here.
 */
export async function renewJobLease(
  id: number,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const result = await db()
    .update(j)
    .set({ leaseUntil: now + leaseMs })
    .where(and(eq(j.id, id), eq(j.leaseOwner, owner)));
  return affectedRows(result) === 1;
}

/** Gives up `owner`'s leases on the unfinished jobs `ids` (at shutdown), so another instance takes them at once. */
export async function releaseJobLeases(owner: string, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const result = await db()
    .update(j)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(inArray(j.id, ids), eq(j.leaseOwner, owner), unfinished));
  return affectedRows(result);
}

/**
 * Unfinished jobs nobody holds (never claimed, released, or whose lease ended before `expiredBy`), and
 * with `mine`, those that owner still holds (an instance restarted under the same name: its leases are a
 * killed run's), oldest first.
 */
export async function claimableJobs(
  expiredBy: number,
  mine?: string,
): Promise<Array<{ id: number; kind: string; processed: number; total: number }>> {
  return db()
    .select({ id: j.id, kind: j.kind, processed: j.processed, total: j.total })
    .from(j)
    .where(and(unfinished, mine ? or(free(expiredBy), eq(j.leaseOwner, mine)) : free(expiredBy)))
    .orderBy(j.id);
}

/** What a running job checks between chunks, in one read: whether a cancel was asked, and who holds it. */
export async function jobControl(
  id: number,
): Promise<{ cancelRequested: boolean; leaseOwner: string | null }> {
  const [row] = await db()
    .select({ cancelRequested: j.cancelRequested, leaseOwner: j.leaseOwner })
    .from(j)
    .where(eq(j.id, id))
    .limit(1);
  return { cancelRequested: !!row?.cancelRequested, leaseOwner: row?.leaseOwner ?? null };
}
