import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';

import { engineKind, preparedStatement, schema } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import {
  deliveryValues,
  findPossibleDuplicates,
  insertDelivery,
  type NewDelivery,
  type PossibleDuplicate,
} from './deliveries';
import { stopReplacedOriginals } from './delivery-chain';
import {
  affectedRows,
  db,
  idIn,
  larger,
  lockForTransaction,
  rawRows,
  rowsForUpdate,
  withSqliteClient,
  withTransaction,
  type DataDb,
} from './engine';
import { sendingState } from './sending-pause';

type DeliveryRow = typeof schema.deliveries.$inferSelect;
type AttemptOutcome = (typeof schema.attempts.$inferSelect)['outcome'];

/**
 * A claimed delivery is leased to one sender until `leaseUntil`. No other sender (another worker, the
 * composer, or this process after a restart) may send it before the lease runs out, so one attempt is
 * never sent twice. The lease outlives the request timeout by a margin.
 */
export const LEASE_MARGIN_MS = 20_000;

const d = schema.deliveries;

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
// SQLite: prepared once (the worker claims on every pass), ids as one JSON parameter (engine.ts idIn).
const claimStatement = preparedStatement<[{ owner: string; leaseUntil: number; now: number; ids: string }]>(
  `update deliveries
   set status = 'sending', lease_owner = @owner, lease_until = @leaseUntil,
       attempt_count = attempt_count + 1, updated_at = @now
   where id in (select value from json_each(@ids)) and ${CLAIMABLE} and ${NOT_PAUSED}
   returning id, integration_id, operation, event, attempt_count, lease_owner`,
);

type ClaimedRow = {
  id: number;
  integration_id: number | null;
  operation: DeliveryRow['operation'];
  event: string | DeliveryRow['event'];
  attempt_count: number;
  lease_owner: string | null;
};

/**
 * PostgreSQL: several instances claim at once (issue 18), so the subquery locks the rows it takes and
 * skips those another claimer holds instead of waiting for them (FOR UPDATE SKIP LOCKED). The claimable
 * and not-paused conditions are SQLite's, with the time written in (a whole number of milliseconds).
 */
function pgClaim(ids: number[], owner: string, now: number, leaseUntil: number) {
  const withNow = (condition: string) => sql.raw(condition.replaceAll('@now', String(Math.trunc(now))));
  return rawRows<ClaimedRow>(sql`
    update deliveries
    set status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil},
        attempt_count = attempt_count + 1, updated_at = ${now}
    where id in (
      select id from deliveries
      where ${idIn(sql`id`, ids)} and ${withNow(CLAIMABLE)} and ${withNow(NOT_PAUSED)}
      for update skip locked)
    returning id, integration_id, operation, event, attempt_count, lease_owner`);
}

/** Claims the given deliveries that are still waiting; returns those this owner now holds. */
export async function claimDeliveries(
  ids: number[],
  owner: string,
  now: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  if (ids.length === 0) return [];
  const leaseUntil = now + leaseMs;
  const rows =
    engineKind() === 'pg'
      ? await pgClaim(ids, owner, now, leaseUntil)
      : await withSqliteClient(
          () => claimStatement().all({ owner, leaseUntil, now, ids: JSON.stringify(ids) }) as ClaimedRow[],
        );
  return rows.map((r) => ({
    id: r.id,
    integrationId: r.integration_id,
    operation: r.operation,
    // SQLite hands back the stored text; node-postgres parses json itself.
    event: (typeof r.event === 'string' ? JSON.parse(r.event) : r.event) as DeliveryRow['event'],
    attemptCount: r.attempt_count,
    leaseOwner: r.lease_owner,
  }));
}

/** Writes a new delivery already claimed by `owner`, so no worker can take it first (the composer's path). */
export async function insertClaimedDelivery(
  input: NewDelivery,
  owner: string,
  leaseMs: number,
): Promise<DeliveryRow> {
  const now = input.now ?? Date.now();
  const [row] = await db()
    .insert(d)
    .values({
      ...deliveryValues(input),
      status: 'sending',
      leaseOwner: owner,
      leaseUntil: now + leaseMs,
      attemptCount: 1,
    })
    .returning();
  return row!;
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
  return withTransaction(async () => {
    // Two identical sends at once (a double click, a client retrying after a timeout) must not both
    // find no duplicate: on PostgreSQL the second waits here until the first is written.
    await lockForTransaction(`compose:${input.integration.id}`);
    if (opts.refuseDuplicates) {
      const duplicates = await findPossibleDuplicates(input.integration.id, input.event, input.now);
      if (duplicates.length) return { duplicates };
    }
    if ((await sendingState(input.integration.id)).paused)
      return { id: (await insertDelivery(input)).id, claimed: undefined };
    const claimed = await insertClaimedDelivery(input, opts.owner, opts.leaseMs);
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

// SQLite, without `returning`: SQLite buffers a returning statement's rows, and reading lastInsertRowid
// after each run halved the cost of recording a 400-event batch.
const insertAttempt = preparedStatement<[number, number, number, string, string, number | null]>(
  `insert into attempts (delivery_id, number, started_at, url, request, outcome, batch_size)
   values (?, ?, ?, ?, ?, 'in-flight', ?)`,
);

/**
 * Records that attempts are about to be sent; written first so a crash mid-request is visible later.
 * Returns the attempts' ids in the order of `starts`. SQLite: one prepared insert per row (a batch
 * writes 400, and building one 400-row query took longer than the batch's request); PostgreSQL: one
 * multi-row insert, since a round trip per row would be the cost there.
 */
export async function startAttempts(starts: AttemptStart[], now: number): Promise<number[]> {
  if (starts.length === 0) return [];
  if (engineKind() === 'pg') {
    // One statement whose values arrive as five arrays: drizzle building a 400-row VALUES list of 2,800
    // parameters cost the delivery thread more than PostgreSQL took to run it.
    const rows = await rawRows<{ id: number; delivery_id: number }>(sql`
      insert into attempts (delivery_id, number, started_at, url, request, outcome, batch_size)
      select s.delivery_id, s.number, ${now}, s.url, s.request, 'in-flight', s.batch_size
      from unnest(
        ${sql.param(starts.map((s) => s.deliveryId))}::bigint[],
        ${sql.param(starts.map((s) => s.number))}::bigint[],
        ${sql.param(starts.map((s) => s.url))}::text[],
        ${sql.param(starts.map((s) => JSON.stringify(s.request)))}::json[],
        ${sql.param(starts.map((s) => s.batchSize ?? null))}::bigint[]
      ) as s (delivery_id, number, url, request, batch_size)
      returning id, delivery_id`);
    // A batch names each delivery once: map back rather than rely on the order of RETURNING.
    const byDelivery = new Map(rows.map((r) => [Number(r.delivery_id), Number(r.id)]));
    return starts.map((s) => byDelivery.get(s.deliveryId)!);
  }
  return withSqliteClient(() => {
    const statement = insertAttempt();
    return starts.map((s) =>
      Number(
        statement.run(s.deliveryId, s.number, now, s.url, JSON.stringify(s.request), s.batchSize ?? null)
          .lastInsertRowid,
      ),
    );
  });
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

export async function finishAttempts(ids: number[], result: AttemptResult): Promise<void> {
  if (ids.length === 0) return;
  await db().update(schema.attempts).set(result).where(idIn(schema.attempts.id, ids));
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
export async function settleDeliveries(ids: number[], owner: string, s: Settlement): Promise<number> {
  if (ids.length === 0) return 0;
  const done = s.status !== 'retrying';
  const result = await db()
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
    .where(and(idIn(d.id, ids), eq(d.status, 'sending'), eq(d.leaseOwner, owner)));
  const changed = affectedRows(result);
  if (s.status === 'succeeded' && changed) await stopReplacedOriginals(ids, s.now);
  return changed;
}

/** Deliveries still 'sending' whose lease ran out; on PostgreSQL locked, skipping those already locked. */
function staleLeases(tx: DataDb, now: number): Promise<Array<{ id: number }>> {
  return rowsForUpdate(
    tx
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.status, 'sending'), lt(d.leaseUntil, now))),
    { skipLocked: true },
  );
}

/**
 * After a crash or kill: deliveries still "sending" whose lease ran out were in flight. They may have
 * reached SALESmanago, so they are sent again but marked as possibly duplicated, and their unfinished
 * attempts are closed as interrupted.
 */
export async function recoverExpiredLeases(now: number): Promise<number> {
  return withTransaction(async (tx) => {
    // Every instance recovers every few seconds: the rows one recovers are locked until it commits, and
    // another skips them (after that commit they are no longer 'sending'), so none is taken back twice.
    const stale = (await staleLeases(tx, now)).map((r) => r.id);
    if (stale.length === 0) return 0;
    for (let i = 0; i < stale.length; i += 500) {
      const chunk = stale.slice(i, i + 500);
      const inFlightOf = and(
        idIn(schema.attempts.deliveryId, chunk),
        eq(schema.attempts.outcome, 'in-flight'),
      );
      const inFlight = new Set(
        (
          await tx.select({ deliveryId: schema.attempts.deliveryId }).from(schema.attempts).where(inFlightOf)
        ).map((r) => r.deliveryId),
      );
      await tx
        .update(schema.attempts)
        .set({
          outcome: 'transient',
          reason: 'interrupted',
          message: 'The console stopped before an answer came.',
        })
        .where(inFlightOf);
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
        await tx
          .update(d)
          .set({ ...back, possibleDuplicate: true })
          .where(idIn(d.id, dup));
      // Claimed but never sent: nothing can have reached SALESmanago; give the attempt number back.
      if (clean.length)
        await tx
          .update(d)
          .set({ ...back, attemptCount: larger(sql`${d.attemptCount} - 1`, 0) })
          .where(idIn(d.id, clean));
    }
    return stale.length;
  });
}

/**
 * After a batch could not tell which events failed: each of these goes again, alone, right away. With
 * `alone` false they go again as they came (a refusal of the whole account, not of an event).
 */
export async function requeueAlone(ids: number[], owner: string, now: number, alone = true): Promise<void> {
  if (ids.length === 0) return;
  await db()
    .update(d)
    .set({
      status: 'retrying',
      ...(alone ? { noBatch: true } : {}),
      nextAttemptAt: now,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(and(idIn(d.id, ids), eq(d.status, 'sending'), eq(d.leaseOwner, owner)));
}
