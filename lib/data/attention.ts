import 'server-only';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lte,
  max,
  min,
  ne,
  notExists,
  or,
  sql,
} from 'drizzle-orm';
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
export const retryingNeedingAttention = () =>
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

const ra = schema.rollupAttention;

/**
 * Needs attention now, per reason and integration, from the rollup the triggers of migration 0014 keep
 * by the two definitions above (failed not resent successfully; retrying that will not clear by
 * waiting). The sidebar badge, this page and the overview read it, so they never disagree, and each
 * costs the number of reasons and integrations, not the number of failures.
 * lib/data/overview-rollups.test.ts holds the rollup to the definitions' own query.
 */
function attentionRollup(integrationId?: number) {
  return getDb()
    .select({
      reason: ra.reason,
      integrationId: ra.integrationId,
      failed: ra.failed,
      retrying: ra.retrying,
    })
    .from(ra)
    .where(
      and(
        or(ne(ra.failed, 0), ne(ra.retrying, 0)),
        integrationId === undefined ? undefined : eq(ra.integrationId, integrationId),
      ),
    )
    .all();
}

/** Needs attention's two parts now (the sidebar badge is their sum), for one integration or all. */
export function attentionTotals(integrationId?: number): { failed: number; retrying: number } {
  return attentionRollup(integrationId).reduce(
    (t, r) => ({ failed: t.failed + r.failed, retrying: t.retrying + r.retrying }),
    { failed: 0, retrying: 0 },
  );
}

export function attentionCount(): number {
  const t = attentionTotals();
  return t.failed + t.retrying;
}

/** The rollup's '' reason and 0 integration stand for none (a row without a reason, a deleted integration). */
const reasonIs = (reason: string) => (reason === '' ? isNull(d.reason) : eq(d.reason, reason));
const integrationIs = (id: number) => (id === 0 ? isNull(d.integrationId) : eq(d.integrationId, id));

/**
 * The newest unresolved failure of one reason and integration: a walk back on deliveries_failed_idx
 * (reason, integration_id, created_at) that stops at the first failure not resent successfully.
 */
function latestFailed(reason: string, integrationId: number): number | null {
  return (
    getDb()
      .select({ at: d.createdAt })
      .from(d)
      .where(and(failedNeedingAttention(), reasonIs(reason), integrationIs(integrationId)))
      .orderBy(desc(d.createdAt))
      .limit(1)
      .get()?.at ?? null
  );
}

/** The newest retrying delivery of one reason that needs attention, and its soonest next attempt. */
function retryingTimes(reason: string): { latest: number | null; next: number | null } {
  const row = getDb()
    .select({ latest: max(d.createdAt), next: min(d.nextAttemptAt) })
    .from(d)
    .where(and(retryingNeedingAttention(), reasonIs(reason)))
    .get();
  return { latest: row?.latest ?? null, next: row?.next ?? null };
}

export function attentionGroups(): AttentionGroup[] {
  const groups = new Map<
    string,
    { failed: Array<[number, number]>; retrying: number; integrations: number }
  >();
  for (const r of attentionRollup()) {
    const g = groups.get(r.reason) ?? { failed: [], retrying: 0, integrations: 0 };
    if (r.failed) g.failed.push([r.integrationId, r.failed]);
    g.retrying += r.retrying;
    // A deleted integration is not counted as one, as count(distinct integration_id) skips NULL.
    if (r.integrationId !== 0) g.integrations++;
    groups.set(r.reason, g);
  }
  return [...groups.entries()]
    .map(([reason, g]) => {
      const times = g.retrying ? retryingTimes(reason) : { latest: null, next: null };
      const latest = Math.max(
        times.latest ?? 0,
        ...g.failed.map(([integrationId]) => latestFailed(reason, integrationId) ?? 0),
      );
      return {
        reason: reasonView(reason || 'rejected-other')!,
        count: g.failed.reduce((n, [, c]) => n + c, 0) + g.retrying,
        latestAt: latest,
        integrations: g.integrations,
        retrying: g.retrying,
        nextAttemptAt: times.next,
      };
    })
    .sort((a, b) => b.count - a.count);
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
