import 'server-only';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';

import { getDb, preparedStatement, schema, writeTransaction } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import { ConflictError } from '@/lib/errors';
import { getDeliveryRowSync } from './deliveries';

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
const replaceStatement = preparedStatement<[{ ids: string; now: number }]>(
  `with recursive up(id, by) as (
     select resend_of, id from deliveries
     where id in (select value from json_each(@ids)) and resend_of is not null and status = 'succeeded'
     union
     select deliveries.resend_of, up.by from deliveries join up on deliveries.id = up.id
     where deliveries.resend_of is not null
   )
   update deliveries
   set status = 'cancelled', reason = 'replaced', reason_message = null, next_attempt_at = null,
       replaced_by = (select by from up where up.id = deliveries.id order by by limit 1),
       completed_at = @now, updated_at = @now
   where id in (select id from up)
     and (status in ('queued', 'retrying') or (status = 'failed' and reason = 'maybe-stored'))`,
);

export function stopReplacedOriginalsSync(succeededIds: number[], now: number): number {
  if (succeededIds.length === 0) return 0;
  return replaceStatement().run({ ids: JSON.stringify(succeededIds), now }).changes;
}

/** "Stop retrying": ends these deliveries as cancelled; returns how many could still be stopped. */
export function stopRetryingSync(ids: number[], note: string | null, now: number): number {
  if (!ids.length) return 0;
  return getDb()
    .update(d)
    .set({
      status: 'cancelled',
      reason: 'stopped',
      reasonMessage: note,
      nextAttemptAt: null,
      completedAt: now,
      updatedAt: now,
    })
    .where(and(inArray(d.id, ids), STOPPABLE))
    .run().changes;
}

export async function stopRetrying(ids: number[], note: string | null, now: number): Promise<number> {
  return stopRetryingSync(ids, note, now);
}

/** One delivery: stops it, or says plainly why it cannot be stopped. */
export function stopRetryingOneSync(id: number, note: string | null, now: number): void {
  writeTransaction(() => {
    const row = getDeliveryRowSync(id);
    if (stopRetryingSync([id], note, now)) return;
    throw new ConflictError(
      row.status === 'sending'
        ? 'This delivery is being sent right now; wait for the answer, then stop it if it is still retrying.'
        : 'Only a delivery that is waiting or retrying can be stopped; this one has already ended.',
    );
  });
}

export async function stopRetryingOne(id: number, note: string | null, now: number): Promise<void> {
  return stopRetryingOneSync(id, note, now);
}

/** "Mark as delivered": a person checked SALESmanago and found the event of an unknown outcome there. */
export function markDeliveredSync(id: number, note: string | null, now: number): void {
  writeTransaction(() => {
    getDeliveryRowSync(id);
    const changed = getDb()
      .update(d)
      .set({
        status: 'succeeded',
        reason: 'marked-delivered',
        reasonMessage: note,
        completedAt: now,
        updatedAt: now,
      })
      .where(and(eq(d.id, id), AWAITING_DECISION))
      .run().changes;
    if (!changed) {
      throw new ConflictError(
        'Only a delivery that may already be in SALESmanago can be marked as delivered; this one is not waiting for that decision.',
      );
    }
  });
}

export async function markDelivered(id: number, note: string | null, now: number): Promise<void> {
  return markDeliveredSync(id, note, now);
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
export function deliveryChainSync(id: number): ChainLink[] {
  const rootRow = getDb().get<{ id: number }>(sql`
    with recursive up(id, resend_of, depth) as (
      select id, resend_of, 0 from deliveries where id = ${id}
      union all
      select deliveries.id, deliveries.resend_of, up.depth + 1
      from deliveries join up on deliveries.id = up.resend_of
      where up.depth < ${CHAIN_LIMIT}
    )
    select id from up order by depth desc limit 1`);
  const root = rootRow?.id ?? id;
  const ids = getDb()
    .all<{ id: number }>(
      sql`with recursive down(id, depth) as (
            select ${root}, 0
            union all
            select deliveries.id, down.depth + 1 from deliveries join down on deliveries.resend_of = down.id
            where deliveries.resend_of is not null and down.depth < ${CHAIN_LIMIT}
          )
          select id from down limit ${CHAIN_LIMIT}`,
    )
    .map((r) => r.id);
  return getDb()
    .select({ id: d.id, status: d.status, source: d.source, createdAt: d.createdAt, resendOf: d.resendOf })
    .from(d)
    .where(inArray(d.id, ids) as SQL)
    .orderBy(asc(d.id))
    .all();
}
