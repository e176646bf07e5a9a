import 'server-only';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';

import { schema } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import { ConflictError } from '@/lib/errors';
import { getDeliveryRow } from './deliveries';
import { affectedRows, db, idIn, rawExecute, rawRows, withTransaction } from './engine';

const d = schema.deliveries;

/**
 * Waiting for a person after an unknown outcome (lib/salesmanago/duplicates.ts): failed, with the
 * reason a literal so the partial failed/reason indexes apply.
 */
export const AWAITING_DECISION = sql`(${d.status} = 'failed' and ${d.reason} = 'maybe-stored')`;

/** Still going to be sent by itself, or waiting for a decision: what "Stop retrying" can end. */
const STOPPABLE = sql`(${d.status} in ('queued', 'retrying') or ${AWAITING_DECISION})`;

/**
 * When a resend succeeds, the deliveries it resent (up the chain: a resend of a resend of A stops A
 * too) stop retrying, as `cancelled` with reason `replaced` and a link to it. Runs in the transaction
 * that settles the success (settleDeliveries). A delivery being sent at this moment ('sending') is left
 * alone: its own answer settles it. Failed ones stay failed (history is not rewritten), except those
 * waiting for a decision, which the success answers.
 */
export async function stopReplacedOriginals(succeededIds: number[], now: number): Promise<number> {
  if (succeededIds.length === 0) return 0;
  return rawExecute(sql`
    with recursive up(id, by_id) as (
      select resend_of, id from deliveries
      where ${idIn(sql`id`, succeededIds)} and resend_of is not null and status = 'succeeded'
      union
      select deliveries.resend_of, up.by_id from deliveries join up on deliveries.id = up.id
      where deliveries.resend_of is not null
    )
    update deliveries
    set status = 'cancelled', reason = 'replaced', reason_message = null, next_attempt_at = null,
        replaced_by = (select by_id from up where up.id = deliveries.id order by by_id limit 1),
        completed_at = ${now}, updated_at = ${now}
    where id in (select id from up)
      and (status in ('queued', 'retrying') or (status = 'failed' and reason = 'maybe-stored'))`);
}

const stopValues = (note: string | null, now: number) => ({
  status: 'cancelled' as const,
  reason: 'stopped',
  reasonMessage: note,
  nextAttemptAt: null,
  completedAt: now,
  updatedAt: now,
});

/** "Stop retrying": ends these deliveries as cancelled; returns how many could still be stopped. */
export async function stopRetrying(ids: number[], note: string | null, now: number): Promise<number> {
  if (!ids.length) return 0;
  return affectedRows(
    await db()
      .update(d)
      .set(stopValues(note, now))
      .where(and(inArray(d.id, ids), STOPPABLE)),
  );
}

/** One delivery: stops it, or says plainly why it cannot be stopped. */
export async function stopRetryingOne(id: number, note: string | null, now: number): Promise<void> {
  // The refusal is decided in the transaction and thrown after it: a refusal is not an error to roll back.
  const refusal = await withTransaction(async () => {
    const row = await getDeliveryRow(id);
    if (await stopRetrying([id], note, now)) return null;
    return row.status === 'sending'
      ? 'This delivery is being sent right now; wait for the answer, then stop it if it is still retrying.'
      : 'Only a delivery that is waiting or retrying can be stopped; this one has already ended.';
  });
  if (refusal) throw new ConflictError(refusal);
}

/** "Mark as delivered": a person checked SALESmanago and found the event of an unknown outcome there. */
export async function markDelivered(id: number, note: string | null, now: number): Promise<void> {
  const changed = await withTransaction(async () => {
    await getDeliveryRow(id);
    return affectedRows(
      await db()
        .update(d)
        .set({
          status: 'succeeded',
          reason: 'marked-delivered',
          reasonMessage: note,
          completedAt: now,
          updatedAt: now,
        })
        .where(and(eq(d.id, id), AWAITING_DECISION)),
    );
  });
  if (!changed) {
    throw new ConflictError(
      'Only a delivery that may already be in SALESmanago can be marked as delivered; this one is not waiting for that decision.',
    );
  }
}

export interface ChainLink {
  id: number;
  status: DeliveryStatus;
  source: (typeof d.$inferSelect)['source'];
  createdAt: number;
  /** The delivery this one resent; null for the chain's first. */
  resendOf: number | null;
}

/** Chains are short (a person resends by hand); a bound keeps a pathological one from running away. */
const CHAIN_LIMIT = 50;

/**
 * A delivery and every resend around it, as one chain: walks up to the first delivery, then down through
 * all resends, oldest first. Both walks seek the partial resend_of index or the primary key.
 */
export async function deliveryChain(id: number): Promise<ChainLink[]> {
  // The ids are cast: PostgreSQL cannot type a bare parameter in a recursive union.
  const [rootRow] = await rawRows<{ id: number }>(sql`
    with recursive up(id, resend_of, depth) as (
      select id, resend_of, 0 from deliveries where id = ${id}
      union all
      select deliveries.id, deliveries.resend_of, up.depth + 1
      from deliveries join up on deliveries.id = up.resend_of
      where up.depth < ${CHAIN_LIMIT}
    )
    select id from up order by depth desc limit 1`);
  const root = rootRow?.id ?? id;
  const ids = (
    await rawRows<{ id: number }>(
      sql`with recursive down(id, depth) as (
            select cast(${root} as bigint), 0
            union all
            select deliveries.id, down.depth + 1 from deliveries join down on deliveries.resend_of = down.id
            where deliveries.resend_of is not null and down.depth < ${CHAIN_LIMIT}
          )
          select id from down limit ${CHAIN_LIMIT}`,
    )
  ).map((r) => r.id);
  return db()
    .select({ id: d.id, status: d.status, source: d.source, createdAt: d.createdAt, resendOf: d.resendOf })
    .from(d)
    .where(inArray(d.id, ids) as SQL)
    .orderBy(asc(d.id));
}
