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
  lte,
  max,
  min,
  ne,
  notExists,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';

import { engineKind, preparedStatement, schema } from '@/db';
import type { DeliveryStatus } from '@/db/schema';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { WONT_CLEAR_BY_WAITING } from '@/lib/salesmanago/messages';
import { reasonView, type ReasonView } from './deliveries';
import { deliveryConditions } from './deliveries-list';
import { AWAITING_DECISION } from './delivery-chain';
import { affectedRows, db, rawRows, sameOrBothNull, withSqliteClient } from './engine';

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
      db()
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
function attentionRollup() {
  return db()
    .select({
      reason: ra.reason,
      integrationId: ra.integrationId,
      failed: ra.failed,
      retrying: ra.retrying,
    })
    .from(ra)
    .where(or(ne(ra.failed, 0), ne(ra.retrying, 0)));
}

// The rows attentionRollup reads, summed by the database in one prepared statement: the badge is
// asked on every page and the overview on every refresh, and the query builder cost more than the read.
const ATTENTION_TOTALS = `SELECT coalesce(sum(failed), 0) AS failed, coalesce(sum(retrying), 0) AS retrying
  FROM rollup_attention WHERE (failed <> 0 OR retrying <> 0)`;
const totalsStatement = preparedStatement<[]>(ATTENTION_TOTALS);
const totalsOfStatement = preparedStatement<[number]>(`${ATTENTION_TOTALS} AND integration_id = ?`);

/** Needs attention's two parts now (the sidebar badge is their sum), for one integration or all. */
export async function attentionTotals(integrationId?: number): Promise<{ failed: number; retrying: number }> {
  type Totals = { failed: number | string; retrying: number | string };
  const [row] =
    engineKind() === 'pg'
      ? await rawRows<Totals>(
          integrationId === undefined
            ? sql.raw(ATTENTION_TOTALS)
            : sql`${sql.raw(ATTENTION_TOTALS)} AND integration_id = ${integrationId}`,
        )
      : await withSqliteClient(
          () =>
            (integrationId === undefined
              ? totalsStatement().all()
              : totalsOfStatement().all(integrationId)) as Totals[],
        );
  // PostgreSQL's sum of bigints is numeric, which its driver hands over as text.
  return { failed: Number(row?.failed ?? 0), retrying: Number(row?.retrying ?? 0) };
}

export async function attentionCount(): Promise<number> {
  const t = await attentionTotals();
  return t.failed + t.retrying;
}

/**
 * The newest unresolved failure per reason: for each rollup row with failures, a walk back on
 * deliveries_failed_idx (reason, integration_id, created_at) that stops at the first failure not resent
 * successfully, usually the first it meets. The rollup's '' reason and 0 integration stand for none (a row
 * without a reason, a deleted integration), matched null-safely by their own statement: PostgreSQL cannot
 * seek an index with `is not distinct from`, and with it for every row it walked deliveries_created_idx
 * instead (7,800 rows a group, 16 ms for 35 groups at a million deliveries; its estimated cost also passed
 * jit_above_cost). `=` seeks the index on both engines (0.13 ms a group).
 */
async function latestFailedByReason(): Promise<Map<string, number>> {
  const newest = (reason: SQL, integration: SQL) =>
    db()
      .select({ at: d.createdAt })
      .from(d)
      .where(and(failedNeedingAttention(), reason, integration))
      .orderBy(desc(d.createdAt))
      .limit(1);
  const byReason = (match: ReturnType<typeof newest>, groups: SQL | undefined) =>
    db()
      .select({ reason: ra.reason, latest: sql<number | null>`max((${match}))` })
      .from(ra)
      .where(and(ne(ra.failed, 0), groups))
      .groupBy(ra.reason);
  const rows = [
    ...(await byReason(
      newest(eq(d.reason, ra.reason), eq(d.integrationId, ra.integrationId)),
      and(ne(ra.reason, ''), ne(ra.integrationId, 0)),
    )),
    ...(await byReason(
      newest(
        sameOrBothNull(d.reason, sql`nullif(${ra.reason}, '')`),
        sameOrBothNull(d.integrationId, sql`nullif(${ra.integrationId}, 0)`),
      ),
      or(eq(ra.reason, ''), eq(ra.integrationId, 0)),
    )),
  ];
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.reason, Math.max(latest.get(r.reason) ?? 0, r.latest ?? 0));
  return latest;
}

/** The newest retrying delivery per reason that needs attention, and its soonest next attempt. */
async function retryingTimesByReason(
  reasons: string[],
): Promise<Map<string, { latest: number; next: number | null }>> {
  if (!reasons.length) return new Map();
  const rows = await db()
    .select({
      reason: sql<string>`coalesce(${d.reason}, '')`,
      latest: max(d.createdAt),
      next: min(d.nextAttemptAt),
    })
    .from(d)
    .where(and(retryingNeedingAttention(), inArray(sql`coalesce(${d.reason}, '')`, reasons)))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [r.reason, { latest: r.latest ?? 0, next: r.next ?? null }]));
}

export async function attentionGroups(): Promise<AttentionGroup[]> {
  const groups = new Map<string, { count: number; retrying: number; integrations: number }>();
  for (const r of await attentionRollup()) {
    const g = groups.get(r.reason) ?? { count: 0, retrying: 0, integrations: 0 };
    g.count += r.failed + r.retrying;
    g.retrying += r.retrying;
    // A deleted integration is not counted as one, as count(distinct integration_id) skips NULL.
    if (r.integrationId !== 0) g.integrations++;
    groups.set(r.reason, g);
  }
  if (!groups.size) return [];
  const latestFailed = await latestFailedByReason();
  const retrying = await retryingTimesByReason(
    [...groups].filter(([, g]) => g.retrying).map(([reason]) => reason),
  );
  return [...groups.entries()]
    .map(([reason, g]) => ({
      reason: reasonView(reason || 'rejected-other')!,
      count: g.count,
      latestAt: Math.max(latestFailed.get(reason) ?? 0, retrying.get(reason)?.latest ?? 0),
      integrations: g.integrations,
      retrying: g.retrying,
      nextAttemptAt: retrying.get(reason)?.next ?? null,
    }))
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
export async function pendingDecisions(limit = 50): Promise<PendingDecision[]> {
  return db()
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
    .limit(limit);
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
export async function countForBulk(
  action: BulkAction,
  f: Omit<DeliveryFilters, 'cursor' | 'limit'>,
): Promise<{ count: number; maxId: number }> {
  const statuses = bulkStatuses(action, f);
  const [row] = await db()
    .select({ n: count(), maxId: max(d.id) })
    .from(d)
    .where(
      and(
        ...deliveryConditions({ ...f, status: [] }),
        inArray(d.status, statuses.length ? statuses : ['__none__' as DeliveryStatus]),
      ),
    );
  return { count: row?.n ?? 0, maxId: row?.maxId ?? 0 };
}

/**
 * The next chunk of matching ids, ascending, never past the snapshot taken when the job started. One
 * branch per status, each a seek on the status index in id order, merged: a single `status in (…)`
 * made SQLite walk the whole table in id order instead, checking every row.
 */
export async function bulkIdsAfter(
  action: BulkAction,
  f: Omit<DeliveryFilters, 'cursor' | 'limit'>,
  afterId: number,
  maxId: number,
  limit: number,
): Promise<number[]> {
  const branch = (status: DeliveryStatus) =>
    db()
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
  // Ordered by the output column: PostgreSQL's ORDER BY of a union names no table.
  const rows = second
    ? await first
        .unionAll(second)
        .orderBy(sql`id`)
        .limit(limit)
    : await first.orderBy(asc(d.id)).limit(limit);
  return rows.map((r) => r.id);
}

const retryValues = (now: number) =>
  ({ status: 'retrying', nextAttemptAt: now, updatedAt: now, completedAt: null }) as const;
const retryable = (ids: number[]) => and(inArray(d.id, ids), inArray(d.status, BULK_STATUSES.retry));

/** Makes these deliveries due now; returns how many were still retryable. */
export async function retryNow(ids: number[], now: number): Promise<number> {
  if (!ids.length) return 0;
  return affectedRows(await db().update(d).set(retryValues(now)).where(retryable(ids)));
}
