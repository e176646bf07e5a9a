import 'server-only';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

import { getDb, preparedStatement, schema, writeTransaction } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import {
  deliveryValues,
  findPossibleDuplicatesSync,
  insertDeliverySync,
  type NewDelivery,
  type PossibleDuplicate,
} from './deliveries';
import { stopReplacedOriginalsSync } from './delivery-chain';
import { sendingStateSync } from './sending-pause';

type DeliveryRow = typeof schema.deliveries.$inferSelect;
type AttemptOutcome = (typeof schema.attempts.$inferSelect)['outcome'];

/**
 * A claimed delivery is leased to one sender until `leaseUntil`. No other sender (another worker, the
 * composer, or this process after a restart) may send it before the lease runs out, so one attempt is
 * never sent twice. The lease outlives the request timeout by a margin.
 */
export const LEASE_MARGIN_MS = 20_000;

const d = schema.deliveries;

/**
 * `column in (ids)` with the ids as one JSON parameter. A batch names 400 rows in every statement of
 * its life (claim, record, settle); drizzle builds 400 placeholders each time, and that building was a
 * third of the worker's own time in the delivery benchmark. One parameter builds in constant time.
 */
function idIn(column: SQLiteColumn, ids: number[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** What a sender needs of a claimed delivery. */
export type ClaimedDelivery = Pick<
  DeliveryRow,
  'id' | 'integrationId' | 'operation' | 'event' | 'attemptCount' | 'leaseOwner'
>;

// The worker's two statements, run for every pass and every delivery: prepared once, and reading only
// the columns a sender needs (the claim used to return and map whole rows through drizzle).
/** Not leased to a sender (or its lease ran out). */
export const UNLEASED = `(lease_until is null or lease_until < @now)`;
/** Waiting, and not leased. */
const CLAIMABLE = `status in ('queued', 'retrying') and ${UNLEASED}`;
/**
 * Integrations whose sending is paused: by hand, or while a credentials incident is unresolved
 * (lib/data/sending-pause.ts). Both tables are small; the incidents part reads the partial open index.
 */
export const PAUSED_INTEGRATIONS = `select id from integrations where paused_at is not null
   union select integration_id from incidents
   where cause = 'credentials' and state <> 'resolved' and integration_id is not null`;
/** Not of a paused integration: checked again at the claim, so a pause between plan and claim holds. */
const NOT_PAUSED = `(integration_id is null or integration_id not in (${PAUSED_INTEGRATIONS}))`;
const claimStatement = preparedStatement<[{ owner: string; leaseUntil: number; now: number; ids: string }]>(
  `update deliveries
   set status = 'sending', lease_owner = @owner, lease_until = @leaseUntil,
       attempt_count = attempt_count + 1, updated_at = @now
   where id in (select value from json_each(@ids)) and ${CLAIMABLE} and ${NOT_PAUSED}
   returning id, integration_id, operation, event, attempt_count, lease_owner`,
);
/**
 * Runs `fn` in one transaction (nested calls become savepoints). The worker claims and records a
 * batch's attempts together, and finishes and settles them together: every commit writes its pages to
 * the WAL again, and two commits per batch instead of four made the sender noticeably cheaper.
 */
export function inTransactionSync<T>(fn: () => T): T {
  return writeTransaction(fn);
}

/** Claims the given deliveries that are still waiting; returns those this owner now holds. */
export function claimDeliveriesSync(
  ids: number[],
  owner: string,
  now: number,
  leaseMs: number,
): ClaimedDelivery[] {
  if (ids.length === 0) return [];
  const rows = claimStatement().all({
    owner,
    leaseUntil: now + leaseMs,
    now,
    ids: JSON.stringify(ids),
  }) as Array<{
    id: number;
    integration_id: number | null;
    operation: DeliveryRow['operation'];
    event: string;
    attempt_count: number;
    lease_owner: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    integrationId: r.integration_id,
    operation: r.operation,
    event: JSON.parse(r.event) as DeliveryRow['event'],
    attemptCount: r.attempt_count,
    leaseOwner: r.lease_owner,
  }));
}

/** Writes a new delivery already claimed by `owner`, so no worker can take it first (the composer's path). */
export function insertClaimedDeliverySync(input: NewDelivery, owner: string, leaseMs: number): DeliveryRow {
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

/**
 * The composer's write, with the checks it depends on in the same transaction, so no other request's
 * write lands between them: with `refuseDuplicates`, the possible duplicates found instead of a write;
 * while the integration's sending is paused, the delivery written and left waiting in the queue;
 * otherwise written already claimed by `owner` (`claimed`), for the caller to send.
 */
export async function insertComposedDelivery(
  input: NewDelivery,
  opts: { refuseDuplicates: boolean; owner: string; leaseMs: number },
): Promise<{ duplicates: PossibleDuplicate[] } | { id: number; claimed: DeliveryRow | undefined }> {
  return writeTransaction(() => {
    if (opts.refuseDuplicates) {
      const duplicates = findPossibleDuplicatesSync(input.integration.id, input.event, input.now);
      if (duplicates.length) return { duplicates };
    }
    if (sendingStateSync(input.integration.id).paused)
      return { id: insertDeliverySync(input).id, claimed: undefined };
    const claimed = insertClaimedDeliverySync(input, opts.owner, opts.leaseMs);
    return { id: claimed.id, claimed };
  });
}

export interface AttemptStart {
  deliveryId: number;
  number: number;
  url: string;
  request: unknown;
  batchSize?: number;
}

// Without `returning`: SQLite buffers a returning statement's rows, and reading lastInsertRowid after
// each run halved the cost of recording a 400-event batch.
const insertAttempt = preparedStatement<[number, number, number, string, string, number | null]>(
  `insert into attempts (delivery_id, number, started_at, url, request, outcome, batch_size)
   values (?, ?, ?, ?, ?, 'in-flight', ?)`,
);

/**
 * Records that an attempt is about to be sent; written first so a crash mid-request is visible later.
 * One prepared insert per row in one transaction: a batch writes 400 of these, and building one
 * 400-row query took longer than the batch's request.
 */
export function startAttemptsSync(starts: AttemptStart[], now: number): number[] {
  if (starts.length === 0) return [];
  const statement = insertAttempt();
  return writeTransaction(() =>
    starts.map((s) =>
      Number(
        statement.run(s.deliveryId, s.number, now, s.url, JSON.stringify(s.request), s.batchSize ?? null)
          .lastInsertRowid,
      ),
    ),
  );
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

export function finishAttemptsSync(ids: number[], result: AttemptResult): void {
  if (ids.length === 0) return;
  getDb().update(schema.attempts).set(result).where(idIn(schema.attempts.id, ids)).run();
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

/**
 * Ends this owner's lease with the attempt's verdict. A lease lost meanwhile leaves the row alone. A
 * success also stops the deliveries it resent (delivery-chain.ts), in the caller's transaction.
 */
export function settleDeliveriesSync(ids: number[], owner: string, s: Settlement): number {
  if (ids.length === 0) return 0;
  const done = s.status !== 'retrying';
  const changed = getDb()
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
    .where(and(idIn(d.id, ids), eq(d.status, 'sending'), eq(d.leaseOwner, owner)))
    .run().changes;
  if (s.status === 'succeeded' && changed) stopReplacedOriginalsSync(ids, s.now);
  return changed;
}

/**
 * After a crash or kill: deliveries still "sending" whose lease ran out were in flight. They may have
 * reached SALESmanago, so they are sent again but marked as possibly duplicated, and their unfinished
 * attempts are closed as interrupted.
 */
export function recoverExpiredLeasesSync(now: number): number {
  const db = getDb();
  return db.transaction(
    (tx) => {
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
            .where(and(idIn(schema.attempts.deliveryId, chunk), eq(schema.attempts.outcome, 'in-flight')))
            .all()
            .map((r) => r.deliveryId),
        );
        tx.update(schema.attempts)
          .set({
            outcome: 'transient',
            reason: 'interrupted',
            message: 'The console stopped before an answer came.',
          })
          .where(and(idIn(schema.attempts.deliveryId, chunk), eq(schema.attempts.outcome, 'in-flight')))
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
            .where(idIn(d.id, dup))
            .run();
        // Claimed but never sent: nothing can have reached SALESmanago; give the attempt number back.
        if (clean.length) {
          tx.update(d)
            .set({ ...back, attemptCount: sql`max(${d.attemptCount} - 1, 0)` })
            .where(idIn(d.id, clean))
            .run();
        }
      }
      return stale.length;
    },
    { behavior: 'immediate' },
  );
}

/**
 * After a batch could not tell which events failed: each of these goes again, alone, right away. With
 * `alone` false they go again as they came (a refusal of the whole account, not of an event).
 */
export function requeueAloneSync(ids: number[], owner: string, now: number, alone = true): void {
  if (ids.length === 0) return;
  getDb()
    .update(d)
    .set({
      status: 'retrying',
      ...(alone ? { noBatch: true } : {}),
      nextAttemptAt: now,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(and(idIn(d.id, ids), eq(d.status, 'sending'), eq(d.leaseOwner, owner)))
    .run();
}
