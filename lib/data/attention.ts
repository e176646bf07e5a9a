import 'server-only';
import { and, asc, count, desc, eq, gt, gte, inArray, lte, max, notExists, or, sql } from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/sqlite-core';

import { getDb, schema } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { WONT_CLEAR_BY_WAITING } from '@/lib/salesmanago/messages';
import { reasonView, type ReasonView } from './deliveries';
import { deliveryConditions } from './deliveries-list';
import { AWAITING_DECISION } from './delivery-chain';

const d = schema.deliveries;
const resend = alias(schema.deliveries, 'resend');

/**
 * Failed, and not since resent successfully: what a person still has to look at. The status is a
 * literal so SQLite may use the partial failed index (schema.ts). Retention keeps these
 * (lib/data/retention-sweep.ts): one definition for both.
 */
export const failedNeedingAttention = () =>
  and(
    sql`${d.status} = 'failed'`,
    notExists(
      getDb()
        .select({ one: sql`1` })
        .from(resend)
        .where(and(eq(resend.resendOf, d.id), eq(resend.status, 'succeeded'))),
    ),
  );

/** Attempts after which a retrying delivery is shown, whatever its reason: three failures in a row. */
export const ATTENTION_AFTER_ATTEMPTS = 3;

/**
 * Retrying, but not going to fix itself soon: a reason waiting does not cure (an unknown host), or three
 * attempts already. Read from the partial index of retrying rows (deliveries_retrying_attention_idx).
 */
const retryingNeedingAttention = () =>
  and(
    sql`${d.status} = 'retrying'`,
    or(gte(d.attemptCount, ATTENTION_AFTER_ATTEMPTS), inArray(d.reason, [...WONT_CLEAR_BY_WAITING])),
  );

export interface AttentionGroup {
  reason: ReasonView;
  count: number;
  latestAt: number;
  integrations: number;
  /** How many of them the console still retries by itself, and the soonest next attempt among them. */
  retrying: number;
  nextAttemptAt: number | null;
}

/**
 * The one source of Needs attention, for its page and the sidebar badge alike: failed rows and retrying
 * rows that will not clear by waiting, each branch on its own partial index, as one list of columns.
 */
function attentionRows() {
  const db = getDb();
  const columns = (retrying: 0 | 1) => ({
    reason: d.reason,
    createdAt: d.createdAt,
    integrationId: d.integrationId,
    nextAttemptAt: retrying ? d.nextAttemptAt : sql<number | null>`null`.as('next_attempt_at'),
    retrying: sql<number>`${sql.raw(String(retrying))}`.as('retrying'),
  });
  return unionAll(
    db.select(columns(0)).from(d).where(failedNeedingAttention()),
    db.select(columns(1)).from(d).where(retryingNeedingAttention()),
  ).as('attention');
}

export function attentionGroups(): AttentionGroup[] {
  const a = attentionRows();
  return getDb()
    .select({
      reason: a.reason,
      n: count(),
      latest: max(a.createdAt),
      integrations: sql<number>`count(distinct ${a.integrationId})`,
      retrying: sql<number>`sum(${a.retrying})`,
      nextAttemptAt: sql<number | null>`min(${a.nextAttemptAt})`,
    })
    .from(a)
    .groupBy(a.reason)
    .orderBy(desc(count()))
    .all()
    .map((r) => ({
      reason: reasonView(r.reason ?? 'rejected-other')!,
      count: r.n,
      latestAt: r.latest ?? 0,
      integrations: r.integrations,
      retrying: r.retrying ?? 0,
      nextAttemptAt: r.nextAttemptAt ?? null,
    }));
}

export function attentionCount(): number {
  const db = getDb();
  const failed = db.select({ n: count() }).from(d).where(failedNeedingAttention()).get()?.n ?? 0;
  const retrying = db.select({ n: count() }).from(d).where(retryingNeedingAttention()).get()?.n ?? 0;
  return failed + retrying;
}

export interface PendingDecision {
  id: number;
  type: string;
  contact: string;
  externalId: string | null;
  value: number | null;
  integrationName: string;
  createdAt: number;
}

/** Deliveries that may already be in SALESmanago, newest first, for their decisions on Needs attention. */
export function pendingDecisions(limit = 50): PendingDecision[] {
  return getDb()
    .select({
      id: d.id,
      type: d.type,
      contact: d.contact,
      externalId: d.externalId,
      value: d.value,
      integrationName: d.integrationName,
      createdAt: d.createdAt,
    })
    .from(d)
    .where(AWAITING_DECISION)
    .orderBy(desc(d.id))
    .limit(limit)
    .all();
}

/**
 * What each bulk action can act on; other statuses in a filter are ignored. A retry takes failed and
 * retrying deliveries; "Stop retrying" takes those still going to be sent by themselves.
 */
const BULK_STATUSES = {
  retry: ['failed', 'retrying'],
  cancel: ['queued', 'retrying'],
} as const satisfies Record<string, DeliveryStatus[]>;
export type BulkAction = keyof typeof BULK_STATUSES;

function bulkStatuses(action: BulkAction, f: Omit<DeliveryFilters, 'cursor' | 'limit'>): DeliveryStatus[] {
  const allowed: readonly DeliveryStatus[] = BULK_STATUSES[action];
  return f.status.length ? f.status.filter((s) => allowed.includes(s)) : [...allowed];
}

/** The exact number of deliveries a bulk action with these filters would act on now. */
export function countForBulk(
  action: BulkAction,
  f: Omit<DeliveryFilters, 'cursor' | 'limit'>,
): { count: number; maxId: number } {
  const statuses = bulkStatuses(action, f);
  const row = getDb()
    .select({ n: count(), maxId: max(d.id) })
    .from(d)
    .where(
      and(
        ...deliveryConditions({ ...f, status: [] }),
        inArray(d.status, statuses.length ? statuses : ['__none__' as DeliveryStatus]),
      ),
    )
    .get();
  return { count: row?.n ?? 0, maxId: row?.maxId ?? 0 };
}

/**
 * The next chunk of matching ids, ascending, never past the snapshot taken when the job started. One
 * branch per status, each a seek on the status index in id order, merged: a single `status in (…)`
 * made SQLite walk the whole table in id order instead, checking every row.
 */
export function bulkIdsAfter(
  action: BulkAction,
  f: Omit<DeliveryFilters, 'cursor' | 'limit'>,
  afterId: number,
  maxId: number,
  limit: number,
): number[] {
  const db = getDb();
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
  // At most two branches: every action takes two statuses.
  const [first, second] = bulkStatuses(action, f).map(branch);
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
    .where(and(inArray(d.id, ids), inArray(d.status, BULK_STATUSES.retry)))
    .run().changes;
}
