import 'server-only';
import type { Statement } from 'better-sqlite3';
import { and, eq, getTableColumns, ne, sql } from 'drizzle-orm';

import { getDb, schema, writeTransaction } from '@/db';
import type { DeliveryStatus } from '@/db/enums';
import { duplicateMessage, type BackfillPlan } from '@/lib/validations/backfill';
import type { EventData } from '@/lib/validations/event';
import { deliveryValues, type NewDelivery } from './deliveries';
import { addJobProgressSync, finishJobSync, requestJobCancelSync } from './jobs';

// The running import: its rows written as queued deliveries in chunks (with the duplicate guard), its total
// and how its deliveries are doing, and an upload waiting for its start across a restart.

/** What writing needs to know about the running import. */
export interface BackfillTarget {
  id: number;
  plan: BackfillPlan;
  integration: NewDelivery['integration'];
  createdBy: number | null;
}

// The duplicate guard for past orders: an order (type + externalId) this integration already has a
// delivery for, from any source. A failed one does not count: re-importing is how a failed import is fixed.
interface Statements {
  client: unknown;
  delivered: Statement;
  insert: Statement;
}
const globalForBackfill = globalThis as unknown as { __smBackfillStatements?: Statements };

function statements(): Statements {
  const sqlite = getDb().$client;
  const cached = globalForBackfill.__smBackfillStatements;
  if (cached?.client === sqlite) return cached;
  const columns = getTableColumns(schema.deliveries);
  const keys = Object.keys(
    deliveryValues({
      integration: { id: 0, name: '' },
      source: 'backfill',
      operation: 'add',
      event: { type: 'OTHER' } as EventData,
    }),
  );
  const names = keys.map((k) => columns[k as keyof typeof columns].name);
  globalForBackfill.__smBackfillStatements = {
    client: sqlite,
    delivered: sqlite.prepare(
      "select id from deliveries where integration_id = ? and external_id = ? and type = ? and status != 'failed' order by id limit 1",
    ),
    insert: sqlite.prepare(
      `insert into deliveries (${names.join(', ')}) values (${keys.map((k) => `@${k}`).join(', ')})`,
    ),
  };
  return globalForBackfill.__smBackfillStatements;
}

function deliveredBeforeSync(integrationId: number, event: EventData): number | undefined {
  if (!event.externalId) return undefined;
  const row = statements().delivered.get(integrationId, event.externalId, event.type) as
    { id: number } | undefined;
  return row?.id;
}

export async function deliveredBefore(integrationId: number, event: EventData): Promise<number | undefined> {
  return deliveredBeforeSync(integrationId, event);
}

/**
 * Writes one chunk in one transaction: valid rows become queued deliveries (the worker sends them),
 * invalid rows and duplicates become the job's row errors, and the progress moves on. Because progress
 * and deliveries commit together, a restart resumes exactly after the last chunk written.
 */
/** A converted row: its event, or why it could not be converted (lib/backfill/scan.ts's problem). */
export type BackfillChunkRow = { line: number; event: EventData } | { line: number; problem: string };

export function writeBackfillChunkSync(run: BackfillTarget, rows: BackfillChunkRow[]): void {
  const { insert } = statements();
  const now = Date.now();
  writeTransaction(() => {
    const errors: Array<{ row: number; id?: number; message: string }> = [];
    let ok = 0;
    let invalid = 0;
    let duplicates = 0;
    let first: number | null = null;
    let last: number | null = null;
    for (const row of rows) {
      const { line } = row;
      if ('problem' in row) {
        invalid++;
        errors.push({ row: line, message: row.problem });
        continue;
      }
      const { event } = row;
      const earlier = run.plan.options.importDuplicates
        ? undefined
        : deliveredBeforeSync(run.integration.id, event);
      if (earlier) {
        duplicates++;
        errors.push({
          row: line,
          id: earlier,
          message: duplicateMessage(event, { deliveryId: earlier }),
        });
        continue;
      }
      const values = deliveryValues({
        integration: run.integration,
        source: 'backfill',
        operation: 'add',
        event,
        createdBy: run.createdBy,
        now,
      });
      const record: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values))
        record[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null);
      last = Number(insert.run(record).lastInsertRowid);
      first ??= last;
      ok++;
    }
    addJobProgressSync(run.id, { processed: rows.length, ok, errors });
    const p = schema.jobs.params;
    getDb()
      .update(schema.jobs)
      .set({
        params: sql`json_set(${p},
          '$.invalid', coalesce(json_extract(${p}, '$.invalid'), 0) + ${invalid},
          '$.duplicates', coalesce(json_extract(${p}, '$.duplicates'), 0) + ${duplicates},
          '$.firstDeliveryId', coalesce(json_extract(${p}, '$.firstDeliveryId'), ${first}),
          '$.lastDeliveryId', coalesce(${last}, json_extract(${p}, '$.lastDeliveryId')))`,
      })
      .where(eq(schema.jobs.id, run.id))
      .run();
  });
}

export async function writeBackfillChunk(run: BackfillTarget, rows: BackfillChunkRow[]): Promise<void> {
  return writeBackfillChunkSync(run, rows);
}

/** How the imported rows are doing at SALESmanago: deliveries of this import by status. */
export async function deliveryCounts(view: {
  integrationId: number | null;
  firstDeliveryId: number | null;
  lastDeliveryId: number | null;
}): Promise<Record<DeliveryStatus, number> | null> {
  if (!view.firstDeliveryId || !view.lastDeliveryId) return null;
  const d = schema.deliveries;
  const rows = getDb()
    .select({ status: d.status, n: sql<number>`count(*)` })
    .from(d)
    .where(
      and(
        sql`${d.id} between ${view.firstDeliveryId} and ${view.lastDeliveryId}`,
        eq(d.source, 'backfill'),
        view.integrationId ? eq(d.integrationId, view.integrationId) : undefined,
      ),
    )
    .groupBy(d.status)
    .all();
  const counts: Record<DeliveryStatus, number> = {
    queued: 0,
    sending: 0,
    succeeded: 0,
    failed: 0,
    retrying: 0,
    cancelled: 0,
  };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

export async function setBackfillTotal(id: number, total: number): Promise<void> {
  addJobProgressSync(id, { processed: 0, ok: 0, total });
  getDb()
    .update(schema.jobs)
    .set({ params: sql`json_set(${schema.jobs.params}, '$.totalKnown', json('true'))` })
    .where(eq(schema.jobs.id, id))
    .run();
}

/**
 * The runner resumes every unfinished job on start, uploads still waiting for their mapping included: such
 * an upload goes back to waiting, as it was before the restart.
 */
export async function returnToWaiting(id: number): Promise<void> {
  const j = schema.jobs;
  getDb()
    .update(j)
    .set({ status: 'pending', startedAt: null })
    .where(and(eq(j.id, id), eq(j.status, 'running'), sql`json_extract(${j.params}, '$.plan') is null`))
    .run();
}

/** Where an upload waiting for its start stands now. */
export async function waitingUploadState(id: number): Promise<'waiting' | 'started' | 'closed'> {
  const row = getDb()
    .select({ status: schema.jobs.status, params: schema.jobs.params })
    .from(schema.jobs)
    .where(eq(schema.jobs.id, id))
    .get();
  if (!row || row.status !== 'pending') return 'closed';
  return (row.params as { plan?: unknown }).plan ? 'started' : 'waiting';
}

/** Removes an upload's job (its file is the caller's: lib/backfill/lifecycle.ts). */
export async function deleteBackfillJob(id: number): Promise<void> {
  getDb().delete(schema.jobs).where(eq(schema.jobs.id, id)).run();
}

/**
 * Fixes an upload's plan, once: one conditional update, so two clicks (or two tabs) cannot start the same
 * file twice. `total` is null when the plan's separator differs from the one the upload was counted with.
 * Refused while another import of the integration runs (`busyWith`), checked in the same transaction so
 * no other start lands between the check and the claim. `claimed`: whether this call claimed it.
 */
export async function claimBackfillPlan(
  id: number,
  integrationId: number | null,
  plan: BackfillPlan,
  total: number | null,
): Promise<{ busyWith: number } | { claimed: boolean }> {
  return writeTransaction(() => {
    const busy = runningBackfill(integrationId, id);
    return busy ? { busyWith: busy.id } : { claimed: claimPlan(id, plan, total) };
  });
}

/** Another import of this integration that is running now, if any. */
function runningBackfill(integrationId: number | null, exceptId: number): { id: number } | undefined {
  const j = schema.jobs;
  return getDb()
    .select({ id: j.id })
    .from(j)
    .where(
      and(
        eq(j.kind, 'backfill'),
        eq(j.status, 'running'),
        eq(j.integrationId, integrationId ?? -1),
        ne(j.id, exceptId),
      ),
    )
    .get();
}

function claimPlan(id: number, plan: BackfillPlan, total: number | null): boolean {
  const j = schema.jobs;
  const claimed = getDb()
    .update(j)
    .set({
      params: sql`json_set(${j.params}, '$.plan', json(${JSON.stringify(plan)}), '$.totalKnown', json(${total === null ? 'false' : 'true'}))`,
      ...(total !== null ? { total } : {}),
    })
    .where(
      and(
        eq(j.id, id),
        eq(j.status, 'pending'),
        eq(j.cancelRequested, false),
        sql`json_extract(${j.params}, '$.plan') is null`,
      ),
    )
    .run();
  return claimed.changes === 1;
}

const WAITING_UPLOAD = (id: number) =>
  and(
    eq(schema.jobs.id, id),
    eq(schema.jobs.status, 'pending'),
    sql`json_extract(${schema.jobs.params}, '$.plan') is null`,
  );

/**
 * Removes an upload's job if it is still waiting for its start (no plan claimed); whether it did. In one
 * statement, so a start claimed meanwhile is never thrown away.
 */
export async function deleteWaitingUpload(id: number): Promise<boolean> {
  return getDb().delete(schema.jobs).where(WAITING_UPLOAD(id)).run().changes === 1;
}

/**
 * Closes an upload still waiting for its start as cancelled (`message`), the cancel asked first so a job
 * waiting for this upload's start (after a restart) ends too; whether it was still waiting. One
 * transaction: a start claimed meanwhile is left to be cancelled like a running import.
 */
export async function closeWaitingUpload(id: number, message: string): Promise<boolean> {
  return writeTransaction(() => {
    const waiting = getDb().select({ id: schema.jobs.id }).from(schema.jobs).where(WAITING_UPLOAD(id)).get();
    if (!waiting) return false;
    requestJobCancelSync(id, 'backfill');
    finishJobSync(id, 'cancelled', message);
    return true;
  });
}
