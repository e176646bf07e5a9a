import 'server-only';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';

import { getDb, preparedStatement, schema } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import { deliveryValues, type NewDelivery } from './deliveries';

type DeliveryRow = typeof schema.deliveries.$inferSelect;
type AttemptOutcome = (typeof schema.attempts.$inferSelect)['outcome'];

/**
 * A claimed delivery is leased to one sender until `leaseUntil`. No other sender (another worker, the
 * composer, or this process after a restart) may send it before the lease runs out, so one attempt is
 * never sent twice. The lease outlives the request timeout by a margin.
 */
export const LEASE_MARGIN_MS = 20_000;

const d = schema.deliveries;
const claimable = (now: number) =>
  and(inArray(d.status, ['queued', 'retrying']), or(isNull(d.leaseUntil), lt(d.leaseUntil, now)));

/** Claims the given deliveries that are still waiting; returns those this owner now holds. */
export function claimDeliveries(ids: number[], owner: string, now: number, leaseMs: number): DeliveryRow[] {
  if (ids.length === 0) return [];
  return getDb()
    .update(d)
    .set({
      status: 'sending',
      leaseOwner: owner,
      leaseUntil: now + leaseMs,
      attemptCount: sql`${d.attemptCount} + 1`,
      updatedAt: now,
    })
    .where(and(inArray(d.id, ids), claimable(now)))
    .returning()
    .all();
}

/** Deliveries due now (queued, or retrying with their time come), oldest first. */
export function dueDeliveryIds(
  now: number,
  limit: number,
): Array<{ id: number; integrationId: number | null; operation: string; noBatch: boolean }> {
  return getDb()
    .select({ id: d.id, integrationId: d.integrationId, operation: d.operation, noBatch: d.noBatch })
    .from(d)
    .where(and(claimable(now), or(isNull(d.nextAttemptAt), lte(d.nextAttemptAt, now))))
    .orderBy(asc(d.id))
    .limit(limit)
    .all();
}

/** Writes a new delivery already claimed by `owner`, so no worker can take it first (the composer's path). */
export function insertClaimedDelivery(input: NewDelivery, owner: string, leaseMs: number): DeliveryRow {
  const now = input.now ?? Date.now();
  return getDb()
    .insert(d)
    .values({
      ...deliveryValues(input),
      status: 'sending',
      leaseOwner: owner,
      leaseUntil: now + leaseMs,
      attemptCount: 1,
    })
    .returning()
    .get();
}

export interface AttemptStart {
  deliveryId: number;
  number: number;
  url: string;
  request: unknown;
  batchSize?: number;
}

const insertAttempt = preparedStatement<[number, number, number, string, string, number | null]>(
  `insert into attempts (delivery_id, number, started_at, url, request, outcome, batch_size)
   values (?, ?, ?, ?, ?, 'in-flight', ?) returning id`,
);

/**
 * Records that an attempt is about to be sent; written first so a crash mid-request is visible later.
 * One prepared insert per row in one transaction: a batch writes 400 of these, and building one
 * 400-row query took longer than the batch's request.
 */
export function startAttempts(starts: AttemptStart[], now: number): number[] {
  if (starts.length === 0) return [];
  const statement = insertAttempt();
  return getDb().$client.transaction(() =>
    starts.map(
      (s) =>
        (
          statement.get(
            s.deliveryId,
            s.number,
            now,
            s.url,
            JSON.stringify(s.request),
            s.batchSize ?? null,
          ) as { id: number }
        ).id,
    ),
  )();
}

export interface AttemptResult {
  durationMs: number;
  httpStatus: number | null;
  responseBody: string | null;
  responseTruncated: boolean;
  outcome: AttemptOutcome;
  reason: string;
  message: string | null;
}

export function finishAttempts(ids: number[], result: AttemptResult): void {
  if (ids.length === 0) return;
  getDb().update(schema.attempts).set(result).where(inArray(schema.attempts.id, ids)).run();
}

export interface Settlement {
  status: Exclude<DeliveryStatus, 'queued' | 'sending'>;
  reason: string | null;
  reasonMessage: string | null;
  smEventId?: string | null;
  lastHttpStatus: number | null;
  lastDurationMs: number | null;
  nextAttemptAt: number | null;
  /** The attempt may have been stored although it failed, and the delivery goes again. Never unset. */
  possibleDuplicate?: boolean;
  now: number;
}

/** Ends this owner's lease with the attempt's verdict. A lease lost meanwhile leaves the row alone. */
export function settleDeliveries(ids: number[], owner: string, s: Settlement): number {
  if (ids.length === 0) return 0;
  const done = s.status === 'succeeded' || s.status === 'failed';
  return getDb()
    .update(d)
    .set({
      status: s.status,
      reason: s.reason,
      reasonMessage: s.reasonMessage,
      ...(s.smEventId !== undefined ? { smEventId: s.smEventId } : {}),
      ...(s.possibleDuplicate ? { possibleDuplicate: true } : {}),
      lastHttpStatus: s.lastHttpStatus,
      lastDurationMs: s.lastDurationMs,
      nextAttemptAt: s.nextAttemptAt,
      leaseOwner: null,
      leaseUntil: null,
      completedAt: done ? s.now : null,
      updatedAt: s.now,
    })
    .where(and(inArray(d.id, ids), eq(d.status, 'sending'), eq(d.leaseOwner, owner)))
    .run().changes;
}

/**
 * After a crash or kill: deliveries still "sending" whose lease ran out were in flight. They may have
 * reached SALESmanago, so they are sent again but marked as possibly duplicated, and their unfinished
 * attempts are closed as interrupted.
 */
export function recoverExpiredLeases(now: number): number {
  const db = getDb();
  return db.transaction((tx) => {
    const stale = tx
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.status, 'sending'), lt(d.leaseUntil, now)))
      .all()
      .map((r) => r.id);
    if (stale.length === 0) return 0;
    for (let i = 0; i < stale.length; i += 500) {
      const chunk = stale.slice(i, i + 500);
      const inFlight = new Set(
        tx
          .select({ deliveryId: schema.attempts.deliveryId })
          .from(schema.attempts)
          .where(and(inArray(schema.attempts.deliveryId, chunk), eq(schema.attempts.outcome, 'in-flight')))
          .all()
          .map((r) => r.deliveryId),
      );
      tx.update(schema.attempts)
        .set({
          outcome: 'transient',
          reason: 'interrupted',
          message: 'The console stopped before an answer came.',
        })
        .where(and(inArray(schema.attempts.deliveryId, chunk), eq(schema.attempts.outcome, 'in-flight')))
        .run();
      const dup = chunk.filter((id) => inFlight.has(id));
      const clean = chunk.filter((id) => !inFlight.has(id));
      const back = {
        status: 'retrying' as const,
        reason: 'interrupted',
        leaseOwner: null,
        leaseUntil: null,
        nextAttemptAt: now,
        updatedAt: now,
      };
      if (dup.length)
        tx.update(d)
          .set({ ...back, possibleDuplicate: true })
          .where(inArray(d.id, dup))
          .run();
      // Claimed but never sent: nothing can have reached SALESmanago; give the attempt number back.
      if (clean.length) {
        tx.update(d)
          .set({ ...back, attemptCount: sql`max(${d.attemptCount} - 1, 0)` })
          .where(inArray(d.id, clean))
          .run();
      }
    }
    return stale.length;
  });
}

/** After a batch could not tell which events failed: each of these goes again, alone, right away. */
export function requeueAlone(ids: number[], owner: string, now: number): void {
  if (ids.length === 0) return;
  getDb()
    .update(d)
    .set({
      status: 'retrying',
      noBatch: true,
      nextAttemptAt: now,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(and(inArray(d.id, ids), eq(d.status, 'sending'), eq(d.leaseOwner, owner)))
    .run();
}

/** Makes a waiting delivery due now ("retry now"). */
export function makeDueNow(id: number, now: number): boolean {
  return (
    getDb()
      .update(d)
      .set({ nextAttemptAt: now, status: 'retrying', updatedAt: now })
      .where(and(eq(d.id, id), inArray(d.status, ['retrying', 'failed'])))
      .run().changes > 0
  );
}
