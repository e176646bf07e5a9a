import 'server-only';
import { and, eq, gte, lt, sql, sum } from 'drizzle-orm';

import { schema } from '@/db';
import { db } from './engine';
import { lastSandboxVisit } from './sandbox';
import { readSetting, writeSetting } from './settings';

// What the incident checks measure (lib/jobs/incident-detection.ts), each one cheap with a million
// deliveries: the failure rate from answers counted per minute, the queue from its own partial index,
// the website's last event from a scan of only the rows added since the last check.

/**
 * Counts answers for the failure rate: a success, or a failure (final, or retried later: a 500 that will
 * be retried is still SALESmanago failing now). A delivery answered three times counts three times.
 * The worker counts every settlement in the transaction that settles: one statement per batch.
 */
export async function countOutcomes(
  integrationId: number | null,
  outcome: 'succeeded' | 'failed',
  count: number,
  now: number,
): Promise<void> {
  if (integrationId === null || count <= 0) return;
  const m = schema.deliveryOutcomeMinutes;
  await db()
    .insert(m)
    .values({
      integrationId,
      minute: Math.floor(now / 60_000),
      succeeded: outcome === 'succeeded' ? count : 0,
      failed: outcome === 'failed' ? count : 0,
    })
    .onConflictDoUpdate({
      target: [m.integrationId, m.minute],
      set: {
        succeeded: sql`${m.succeeded} + excluded.succeeded`,
        failed: sql`${m.failed} + excluded.failed`,
      },
    });
}

/** Answers of one integration from `firstMinute` on (a primary-key range: at most a day of minutes). */
export async function outcomesSince(
  integrationId: number,
  firstMinute: number,
): Promise<{ succeeded: number; failed: number }> {
  const m = schema.deliveryOutcomeMinutes;
  const [row] = await db()
    .select({ succeeded: sum(m.succeeded), failed: sum(m.failed) })
    .from(m)
    .where(and(eq(m.integrationId, integrationId), gte(m.minute, firstMinute)));
  return { succeeded: Number(row?.succeeded ?? 0), failed: Number(row?.failed ?? 0) };
}

/** Forgets minutes older than any window can reach. */
export async function pruneOutcomes(beforeMinute: number): Promise<void> {
  const m = schema.deliveryOutcomeMinutes;
  await db().delete(m).where(lt(m.minute, beforeMinute));
}

/** More than this many waiting deliveries are counted as this many: the count stays a cheap index walk. */
export const QUEUE_COUNT_CAP = 1_000_000;

/**
 * An integration's queue: when its oldest waiting delivery was written (ids and created_at rise
 * together, migration 0007) and how many wait. Both read deliveries_queued_idx, which holds queued rows
 * only, so a long history costs nothing. Retrying deliveries wait on purpose (their backoff) and do not
 * count; a delivery put back by Retry is retrying, never queued, so an old one cannot look stuck.
 */
export async function queueOf(
  integrationId: number,
): Promise<{ oldestQueuedAt: number | null; queued: number }> {
  const d = schema.deliveries;
  const queuedOf = and(eq(d.integrationId, integrationId), sql`${d.status} = 'queued'`);
  const [oldest] = await db()
    .select({ createdAt: d.createdAt })
    .from(d)
    .where(queuedOf)
    .orderBy(d.id)
    .limit(1);
  if (!oldest) return { oldestQueuedAt: null, queued: 0 };
  const waiting = db()
    .select({ one: sql`1` })
    .from(d)
    .where(queuedOf)
    .limit(QUEUE_COUNT_CAP)
    .as('waiting');
  const [row] = await db()
    .select({ n: sql<number>`count(*)` })
    .from(waiting);
  return { oldestQueuedAt: oldest.createdAt, queued: Number(row?.n ?? 0) };
}

interface WebsiteScan {
  lastId: number;
}

/**
 * Brings each integration's "last website event" up to date by reading only the website rows written
 * since the previous scan (deliveries_source_idx, source then id). The first scan starts at the newest
 * row and reads nothing: "website silent" stays off until a website event arrives after it, rather than
 * walking a long history once. Relies on ids being given in commit order: SQLite has one writer, and on
 * PostgreSQL inserts into deliveries take a lock held until they commit (migration-pg 0002), so a row
 * whose id is below the last one scanned is always already committed when the scan runs.
 */
export async function scanWebsiteActivity(): Promise<void> {
  const d = schema.deliveries;
  const scan = await readSetting<WebsiteScan>('incidents.websiteScan');
  if (!scan) {
    const [newest] = await db()
      .select({ id: sql<number | null>`max(${d.id})` })
      .from(d);
    await writeSetting('incidents.websiteScan', { lastId: Number(newest?.id ?? 0) } satisfies WebsiteScan);
    return;
  }
  const rows = await db()
    .select({
      integrationId: d.integrationId,
      at: sql<number>`max(${d.createdAt})`,
      lastId: sql<number>`max(${d.id})`,
    })
    .from(d)
    .where(and(eq(d.source, 'website'), sql`${d.id} > ${scan.lastId}`))
    .groupBy(d.integrationId);
  if (rows.length === 0) return;
  for (const r of rows) {
    if (r.integrationId === null) continue;
    // Rows past the last scan are newer than anything seen before (created_at rises with id).
    await db()
      .update(schema.integrations)
      .set({ websiteEventAt: Number(r.at) })
      .where(eq(schema.integrations.id, r.integrationId));
  }
  await writeSetting('incidents.websiteScan', {
    lastId: Math.max(...rows.map((r) => Number(r.lastId))),
  } satisfies WebsiteScan);
}

/**
 * When the monitoring code was last seen running: the sandbox's own sm.js reports page views; for a
 * real account only a check that found it sets installSeenAt (lib/data/installation.ts).
 */
export async function codeLastSeenAt(row: {
  isSandbox: boolean;
  clientId: string;
  installSeenAt: number | null;
}): Promise<number | null> {
  if (row.isSandbox) return (await lastSandboxVisit(row.clientId))?.at ?? null;
  return row.installSeenAt;
}

/** What the incident checks and the credential schedule read of every integration (a small table). */
export async function integrationsToCheck() {
  const t = schema.integrations;
  return db()
    .select({
      id: t.id,
      createdAt: t.createdAt,
      verifiedAt: t.verifiedAt,
      collectorEnabled: t.collectorEnabled,
      websiteEventAt: t.websiteEventAt,
      isSandbox: t.isSandbox,
      clientId: t.clientId,
      installSeenAt: t.installSeenAt,
      incidentThresholds: t.incidentThresholds,
    })
    .from(t)
    .orderBy(t.id);
}
