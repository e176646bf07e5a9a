import 'server-only';
import { and, asc, count, desc, eq, gt, inArray, lte, max, notExists, sql } from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/sqlite-core';

import { getDb, schema } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { reasonView, type ReasonView } from './deliveries';
import { deliveryConditions } from './deliveries-list';

const d = schema.deliveries;
const resend = alias(schema.deliveries, 'resend');

/**
 * Failed, and not since resent successfully: what a person still has to look at. The status is a
 * literal so SQLite may use the partial reason index, which holds failed deliveries only (schema.ts).
 * Retention keeps these (lib/data/retention-sweep.ts): one definition for both.
 */
export const needsAttention = () =>
  and(
    sql`${d.status} = 'failed'`,
    notExists(
      getDb()
        .select({ one: sql`1` })
        .from(resend)
        .where(and(eq(resend.resendOf, d.id), eq(resend.status, 'succeeded'))),
    ),
  );

export interface AttentionGroup {
  reason: ReasonView;
  count: number;
  latestAt: number;
  integrations: number;
}

export function attentionGroups(): AttentionGroup[] {
  return getDb()
    .select({
      reason: d.reason,
      n: count(),
      latest: max(d.createdAt),
      integrations: sql<number>`count(distinct ${d.integrationId})`,
    })
    .from(d)
    .where(needsAttention())
    .groupBy(d.reason)
    .orderBy(desc(count()))
    .all()
    .map((r) => ({
      reason: reasonView(r.reason ?? 'rejected-other')!,
      count: r.n,
      latestAt: r.latest ?? 0,
      integrations: r.integrations,
    }));
}

export function attentionCount(): number {
  return getDb().select({ n: count() }).from(d).where(needsAttention()).get()?.n ?? 0;
}

/** Only failed and retrying deliveries can be retried; other statuses in a filter are ignored. */
const RETRYABLE: DeliveryStatus[] = ['failed', 'retrying'];

function retryConditions(f: Omit<DeliveryFilters, 'cursor' | 'limit'>) {
  const statuses = f.status.length ? f.status.filter((s) => RETRYABLE.includes(s)) : RETRYABLE;
  return [
    ...deliveryConditions({ ...f, status: [] }),
    inArray(d.status, statuses.length ? statuses : ['__none__' as DeliveryStatus]),
  ];
}

/** The exact number of deliveries a bulk retry with these filters would retry now. */
export function countRetryable(f: Omit<DeliveryFilters, 'cursor' | 'limit'>): {
  count: number;
  maxId: number;
} {
  const row = getDb()
    .select({ n: count(), maxId: max(d.id) })
    .from(d)
    .where(and(...retryConditions(f)))
    .get();
  return { count: row?.n ?? 0, maxId: row?.maxId ?? 0 };
}

/**
 * The next chunk of matching ids, ascending, never past the snapshot taken when the job started. One
 * branch per status, each a seek on the status index in id order, merged: a single `status in (…)`
 * made SQLite walk the whole table in id order instead, checking every row.
 */
export function retryableIdsAfter(
  f: Omit<DeliveryFilters, 'cursor' | 'limit'>,
  afterId: number,
  maxId: number,
  limit: number,
): number[] {
  const db = getDb();
  const statuses = f.status.length ? f.status.filter((s) => RETRYABLE.includes(s)) : RETRYABLE;
  const branch = (status: DeliveryStatus) =>
    db
      .select({ id: d.id })
      .from(d)
      .where(
        and(
          ...deliveryConditions({ ...f, status: [] }),
          eq(d.status, status),
          gt(d.id, afterId),
          lte(d.id, maxId),
        ),
      );
  // At most two branches: statuses are a subset of RETRYABLE.
  const [first, second] = statuses.map(branch);
  if (!first) return [];
  const query = second ? unionAll(first, second) : first;
  return query
    .orderBy(asc(d.id))
    .limit(limit)
    .all()
    .map((r) => r.id);
}

/** Makes these deliveries due now; returns how many were still retryable. */
export function retryNow(ids: number[], now: number): number {
  if (!ids.length) return 0;
  return getDb()
    .update(d)
    .set({ status: 'retrying', nextAttemptAt: now, updatedAt: now, completedAt: null })
    .where(and(inArray(d.id, ids), inArray(d.status, RETRYABLE)))
    .run().changes;
}
