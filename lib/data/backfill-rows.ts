import 'server-only';
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';

import { engineKind, preparedStatement, schema } from '@/db';
import type { DeliveryStatus } from '@/db/enums';
import { duplicateMessage, type BackfillPlan } from '@/lib/validations/backfill';
import type { EventData } from '@/lib/validations/event';
import { deliveryValues, sqliteDeliveryInsert, sqliteDeliveryRecord, type NewDelivery } from './deliveries';
import {
  affectedRows,
  db,
  jsonField,
  jsonNumber,
  jsonValue,
  jsonWith,
  lockForTransaction,
  rowsForUpdate,
  withSqliteClient,
  withTransaction,
} from './engine';
import { addJobProgress, finishJob, requestJobCancel } from './jobs';

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
// SQLite's prepared look-up and insert, run inside withSqliteClient or a transaction holding the gate.
const deliveredStatement = preparedStatement<[number, string, string]>(
  "select id from deliveries where integration_id = ? and external_id = ? and type = ? and status != 'failed' order by id limit 1",
);

function sqliteDeliveredBefore(integrationId: number, event: EventData): number | undefined {
  if (!event.externalId) return undefined;
  const row = deliveredStatement().get(integrationId, event.externalId, event.type) as
    { id: number } | undefined;
  return row?.id;
}

/** The first delivery of each (type, externalId) of `events` this integration already has (not failed). */
async function pgDeliveredBefore(integrationId: number, events: EventData[]): Promise<Map<string, number>> {
  const ids = [...new Set(events.flatMap((e) => (e.externalId ? [e.externalId] : [])))];
  if (!ids.length) return new Map();
  const d = schema.deliveries;
  const rows = await db()
    .select({ id: d.id, type: d.type, externalId: d.externalId })
    .from(d)
    .where(and(eq(d.integrationId, integrationId), inArray(d.externalId, ids), ne(d.status, 'failed')))
    .orderBy(d.id);
  const first = new Map<string, number>();
  for (const r of rows)
    if (!first.has(orderKey(r.type, r.externalId!))) first.set(orderKey(r.type, r.externalId!), r.id);
  return first;
}

const orderKey = (type: string, externalId: string) => `${type}\u0000${externalId}`;

export async function deliveredBefore(integrationId: number, event: EventData): Promise<number | undefined> {
  if (engineKind() === 'pg')
    return event.externalId
      ? (await pgDeliveredBefore(integrationId, [event])).get(orderKey(event.type, event.externalId))
      : undefined;
  return withSqliteClient(() => sqliteDeliveredBefore(integrationId, event));
}

/**
 * Writes one chunk in one transaction: valid rows become queued deliveries (the worker sends them),
 * invalid rows and duplicates become the job's row errors, and the progress moves on. Because progress
 * and deliveries commit together, a restart resumes exactly after the last chunk written.
 */
/** A converted row: its event, or why it could not be converted (lib/backfill/scan.ts's problem). */
export type BackfillChunkRow = { line: number; event: EventData } | { line: number; problem: string };

type RowError = { row: number; id?: number; message: string };

/** What a chunk wrote: its errors in row order, the invalid and duplicate counts, the new deliveries' ids. */
interface ChunkWritten {
  errors: RowError[];
  invalid: number;
  duplicates: number;
  ids: number[];
}

function backfillValues(run: BackfillTarget, event: EventData, now: number) {
  return deliveryValues({
    integration: run.integration,
    source: 'backfill',
    operation: 'add',
    event,
    createdBy: run.createdBy,
    now,
  });
}

/**
 * SQLite: row by row, one prepared look-up and insert each (a 100,000-row import's cost), inside the
 * transaction that holds the connection: a second row of the same order in the chunk finds the first.
 */
function sqliteWriteRows(run: BackfillTarget, rows: BackfillChunkRow[], now: number): ChunkWritten {
  const insert = sqliteDeliveryInsert();
  const out: ChunkWritten = { errors: [], invalid: 0, duplicates: 0, ids: [] };
  for (const row of rows) {
    if ('problem' in row) {
      out.invalid++;
      out.errors.push({ row: row.line, message: row.problem });
      continue;
    }
    const earlier = run.plan.options.importDuplicates
      ? undefined
      : sqliteDeliveredBefore(run.integration.id, row.event);
    if (earlier) {
      out.duplicates++;
      out.errors.push({
        row: row.line,
        id: earlier,
        message: duplicateMessage(row.event, { deliveryId: earlier }),
      });
      continue;
    }
    out.ids.push(
      Number(insert.run(sqliteDeliveryRecord(backfillValues(run, row.event, now))).lastInsertRowid),
    );
  }
  return out;
}

/**
 * PostgreSQL: the chunk's orders looked up in one query and its deliveries written in one multi-row
 * insert (a round trip per row would be the cost there). A second row of an order the chunk itself
 * writes is a duplicate of that delivery, named once the insert has given its id.
 */
async function pgWriteRows(
  run: BackfillTarget,
  rows: BackfillChunkRow[],
  now: number,
): Promise<ChunkWritten> {
  const out: ChunkWritten = { errors: [], invalid: 0, duplicates: 0, ids: [] };
  const guard = !run.plan.options.importDuplicates;
  const events = rows.flatMap((r) => ('event' in r ? [r.event] : []));
  const before = guard ? await pgDeliveredBefore(run.integration.id, events) : new Map<string, number>();
  const takenHere = new Set<string>();
  const pending: Array<{ at: number; key: string; line: number; event: EventData }> = [];
  const accepted: EventData[] = [];
  for (const row of rows) {
    if ('problem' in row) {
      out.invalid++;
      out.errors.push({ row: row.line, message: row.problem });
      continue;
    }
    const key = guard && row.event.externalId ? orderKey(row.event.type, row.event.externalId) : null;
    const earlier = key ? before.get(key) : undefined;
    if (earlier || (key && takenHere.has(key))) {
      out.duplicates++;
      if (earlier)
        out.errors.push({
          row: row.line,
          id: earlier,
          message: duplicateMessage(row.event, { deliveryId: earlier }),
        });
      else
        pending.push({
          at: out.errors.push({ row: row.line, message: '' }) - 1,
          key: key!,
          line: row.line,
          event: row.event,
        });
      continue;
    }
    if (key) takenHere.add(key);
    accepted.push(row.event);
  }
  if (!accepted.length) return out;
  const d = schema.deliveries;
  const written = await db()
    .insert(d)
    .values(accepted.map((event) => backfillValues(run, event, now)))
    .returning({ id: d.id, type: d.type, externalId: d.externalId });
  out.ids = written.map((w) => w.id).sort((a, b) => a - b);
  const idOf = new Map(
    written.flatMap((w) => (w.externalId ? [[orderKey(w.type, w.externalId), w.id]] : [])),
  );
  for (const p of pending) {
    const id = idOf.get(p.key)!;
    out.errors[p.at] = { row: p.line, id, message: duplicateMessage(p.event, { deliveryId: id }) };
  }
  return out;
}

/**
 * Writes a chunk's deliveries and the job's progress in one transaction. With the job's lease `owner`,
 * the progress write is fenced: when another instance holds the job now, JobLeaseLost rolls the chunk's
 * rows back with it, so a chunk is never written by both.
 */
export async function writeBackfillChunk(
  run: BackfillTarget,
  rows: BackfillChunkRow[],
  owner?: string,
): Promise<void> {
  const now = Date.now();
  await withTransaction(async () => {
    const { errors, invalid, duplicates, ids } =
      engineKind() === 'pg' ? await pgWriteRows(run, rows, now) : sqliteWriteRows(run, rows, now);
    const first = ids.length ? Math.min(...ids) : null;
    const last = ids.length ? Math.max(...ids) : null;
    await addJobProgress(run.id, { processed: rows.length, ok: ids.length, errors }, owner);
    const p = schema.jobs.params;
    await db()
      .update(schema.jobs)
      .set({
        params: jsonWith(p, [
          ['invalid', sql`coalesce(${jsonNumber(p, 'invalid')}, 0) + ${invalid}`],
          ['duplicates', sql`coalesce(${jsonNumber(p, 'duplicates')}, 0) + ${duplicates}`],
          ['firstDeliveryId', sql`coalesce(${jsonNumber(p, 'firstDeliveryId')}, ${first})`],
          ['lastDeliveryId', sql`coalesce(${last}, ${jsonNumber(p, 'lastDeliveryId')})`],
        ]),
      })
      .where(eq(schema.jobs.id, run.id));
  });
}

/** How the imported rows are doing at SALESmanago: deliveries of this import by status. */
export async function deliveryCounts(view: {
  integrationId: number | null;
  firstDeliveryId: number | null;
  lastDeliveryId: number | null;
}): Promise<Record<DeliveryStatus, number> | null> {
  if (!view.firstDeliveryId || !view.lastDeliveryId) return null;
  const d = schema.deliveries;
  const rows = await db()
    .select({ status: d.status, n: sql<number>`count(*)` })
    .from(d)
    .where(
      and(
        sql`${d.id} between ${view.firstDeliveryId} and ${view.lastDeliveryId}`,
        eq(d.source, 'backfill'),
        view.integrationId ? eq(d.integrationId, view.integrationId) : undefined,
      ),
    )
    .groupBy(d.status);
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
  await withTransaction(async () => {
    await addJobProgress(id, { processed: 0, ok: 0, total });
    await db()
      .update(schema.jobs)
      .set({ params: jsonWith(schema.jobs.params, [['totalKnown', jsonValue('true')]]) })
      .where(eq(schema.jobs.id, id));
  });
}

/**
 * The runner resumes every unfinished job on start, uploads still waiting for their mapping included: such
 * an upload goes back to waiting, as it was before the restart.
 */
export async function returnToWaiting(id: number): Promise<void> {
  const j = schema.jobs;
  await db()
    .update(j)
    .set({ status: 'pending', startedAt: null })
    .where(and(eq(j.id, id), eq(j.status, 'running'), sql`${jsonField(j.params, 'plan')} is null`));
}

/** Where an upload waiting for its start stands now. */
export async function waitingUploadState(id: number): Promise<'waiting' | 'started' | 'closed'> {
  const [row] = await db()
    .select({ status: schema.jobs.status, params: schema.jobs.params })
    .from(schema.jobs)
    .where(eq(schema.jobs.id, id))
    .limit(1);
  if (!row || row.status !== 'pending') return 'closed';
  return (row.params as { plan?: unknown }).plan ? 'started' : 'waiting';
}

/** Removes an upload's job (its file is the caller's: lib/backfill/lifecycle.ts). */
export async function deleteBackfillJob(id: number): Promise<void> {
  await db().delete(schema.jobs).where(eq(schema.jobs.id, id));
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
  return withTransaction(async () => {
    // Two Starts at once (two tabs, two instances) for one integration: one after the other.
    await lockForTransaction(`backfill:${integrationId ?? 'none'}`);
    const busy = await runningBackfill(integrationId, id);
    return busy ? { busyWith: busy.id } : { claimed: await claimPlan(id, plan, total) };
  });
}

/** Another import of this integration that is started (its plan claimed) and not ended, if any. */
async function runningBackfill(
  integrationId: number | null,
  exceptId: number,
): Promise<{ id: number } | undefined> {
  const j = schema.jobs;
  const [row] = await db()
    .select({ id: j.id })
    .from(j)
    .where(
      and(
        eq(j.kind, 'backfill'),
        // Pending with a plan: started, and not yet taken up by an instance's runner.
        or(
          eq(j.status, 'running'),
          and(eq(j.status, 'pending'), sql`${jsonField(j.params, 'plan')} is not null`),
        ),
        eq(j.integrationId, integrationId ?? -1),
        ne(j.id, exceptId),
      ),
    )
    .limit(1);
  return row;
}

async function claimPlan(id: number, plan: BackfillPlan, total: number | null): Promise<boolean> {
  const j = schema.jobs;
  const claimed = await db()
    .update(j)
    .set({
      params: jsonWith(j.params, [
        ['plan', jsonValue(JSON.stringify(plan))],
        ['totalKnown', jsonValue(total === null ? 'false' : 'true')],
      ]),
      ...(total !== null ? { total } : {}),
    })
    .where(
      and(
        eq(j.id, id),
        eq(j.status, 'pending'),
        eq(j.cancelRequested, false),
        sql`${jsonField(j.params, 'plan')} is null`,
      ),
    );
  return affectedRows(claimed) === 1;
}

const WAITING_UPLOAD = (id: number) =>
  and(
    eq(schema.jobs.id, id),
    eq(schema.jobs.status, 'pending'),
    sql`${jsonField(schema.jobs.params, 'plan')} is null`,
  );

/**
 * Removes an upload's job if it is still waiting for its start (no plan claimed); whether it did. In one
 * statement, so a start claimed meanwhile is never thrown away.
 */
export async function deleteWaitingUpload(id: number): Promise<boolean> {
  return affectedRows(await db().delete(schema.jobs).where(WAITING_UPLOAD(id))) === 1;
}

/**
 * Closes an upload still waiting for its start as cancelled (`message`), the cancel asked first so a job
 * waiting for this upload's start (after a restart) ends too; whether it was still waiting. One
 * transaction: a start claimed meanwhile is left to be cancelled like a running import.
 */
export async function closeWaitingUpload(id: number, message: string): Promise<boolean> {
  return withTransaction(async () => {
    // Locked, so a Start claiming the plan meanwhile waits, then finds the job cancelled (claimPlan
    // checks the cancel), instead of this cancelling an import that just started.
    const [waiting] = await rowsForUpdate(
      db().select({ id: schema.jobs.id }).from(schema.jobs).where(WAITING_UPLOAD(id)).limit(1),
    );
    if (!waiting) return false;
    await requestJobCancel(id, 'backfill');
    await finishJob(id, 'cancelled', message);
    return true;
  });
}
