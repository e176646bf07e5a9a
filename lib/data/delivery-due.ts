import 'server-only';

import { sql } from 'drizzle-orm';

import { engineKind, preparedStatement } from '@/db';
import { PAUSED_INTEGRATIONS, UNLEASED } from './delivery-state';
import { idIn, rawRows, withSqliteClient } from './engine';

// What the worker sends next (lib/delivery/worker.ts): the due deliveries, oldest first, never of an
// integration whose sending is paused.

/**
 * The oldest due deliveries, one branch per status so each reads only what it returns: queued rows in
 * id order (status_idx), retrying rows whose time has come (due_idx, which holds retrying rows only;
 * every writer of 'retrying' sets next_attempt_at). One query over both statuses had to sort the whole
 * queue for every pass: 12 ms with 20,000 waiting, against 2 ms this way. Without table statistics the
 * planner would walk status_idx through every retrying row, due or not, so the index is named.
 */
const DUE_COLUMNS = 'id, integration_id, operation, no_batch';
const dueStatement = preparedStatement<[{ now: number; limit: number }]>(
  `select ${DUE_COLUMNS} from (
     select ${DUE_COLUMNS} from deliveries
     where status = 'queued' and ${UNLEASED} and (next_attempt_at is null or next_attempt_at <= @now)
     order by id limit @limit)
   union all
   select ${DUE_COLUMNS} from (
     select ${DUE_COLUMNS} from deliveries indexed by deliveries_due_idx
     where status = 'retrying' and next_attempt_at <= @now and ${UNLEASED}
     order by id limit @limit)
   order by id limit @limit`,
);

// While some integration is paused, its queue must not be walked on every pass (a weekend of website
// events can wait behind a refused secret): the queued rows are read per integration that sends, each a
// seek on deliveries_queued_idx, and the retrying branch skips the paused ones (few: nothing of a paused
// integration is sent, so its retrying rows are those waiting when the pause began, or retried by hand).
const pausedStatement = preparedStatement<[]>(PAUSED_INTEGRATIONS);
const integrationIdsStatement = preparedStatement<[]>('select id from integrations');
const queuedOfStatement = preparedStatement<[{ now: number; limit: number; integrationId: number | null }]>(
  `select ${DUE_COLUMNS} from deliveries indexed by deliveries_queued_idx
   where integration_id is @integrationId and status = 'queued' and ${UNLEASED}
     and (next_attempt_at is null or next_attempt_at <= @now)
   order by id limit @limit`,
);
const retryingNotPausedStatement = preparedStatement<[{ now: number; limit: number; paused: string }]>(
  `select ${DUE_COLUMNS} from deliveries indexed by deliveries_due_idx
   where status = 'retrying' and next_attempt_at <= @now and ${UNLEASED}
     and (integration_id is null or integration_id not in (select value from json_each(@paused)))
   order by id limit @limit`,
);

type DueRow = { id: number; integration_id: number | null; operation: string; no_batch: number | boolean };

/** The integrations whose sending is paused now (by hand or by a credentials incident). */
export async function pausedIntegrationIds(): Promise<number[]> {
  const rows =
    engineKind() === 'pg'
      ? await rawRows<{ id: number }>(sql.raw(PAUSED_INTEGRATIONS))
      : await withSqliteClient(() => pausedStatement().all() as Array<{ id: number }>);
  return rows.map((r) => r.id);
}

function sqliteDueRows(now: number, limit: number, paused: number[]): DueRow[] {
  if (paused.length === 0) return dueStatement().all({ now, limit }) as DueRow[];
  const sending = [
    null,
    ...(integrationIdsStatement().all() as Array<{ id: number }>)
      .map((r) => r.id)
      .filter((id) => !paused.includes(id)),
  ];
  const rows = sending.flatMap(
    (integrationId) => queuedOfStatement().all({ now, limit, integrationId }) as DueRow[],
  );
  rows.push(
    ...(retryingNotPausedStatement().all({ now, limit, paused: JSON.stringify(paused) }) as DueRow[]),
  );
  return rows.sort((a, b) => a.id - b.id).slice(0, limit);
}

/**
 * PostgreSQL: the same two branches (queued in id order, retrying whose time has come), each limited
 * before the union, leaving the paused integrations out in the query; its planner chooses the
 * partial indexes by itself (no INDEXED BY).
 */
function pgDueRows(now: number, limit: number, paused: number[]): Promise<DueRow[]> {
  const unleased = sql`(lease_until is null or lease_until < ${now})`;
  const notPaused = paused.length
    ? sql`(integration_id is null or not ${idIn(sql`integration_id`, paused)})`
    : sql`true`;
  return rawRows<DueRow>(sql`
    select id, integration_id, operation, no_batch from (
      (select id, integration_id, operation, no_batch from deliveries
       where status = 'queued' and ${unleased} and (next_attempt_at is null or next_attempt_at <= ${now})
         and ${notPaused}
       order by id limit ${limit})
      union all
      (select id, integration_id, operation, no_batch from deliveries
       where status = 'retrying' and next_attempt_at <= ${now} and ${unleased} and ${notPaused}
       order by id limit ${limit})
    ) due order by id limit ${limit}`);
}

/** Deliveries due now (queued, or retrying with their time come), oldest first. */
export async function dueDeliveryIds(
  now: number,
  limit: number,
): Promise<Array<{ id: number; integrationId: number | null; operation: string; noBatch: boolean }>> {
  const paused = await pausedIntegrationIds();
  const rows =
    engineKind() === 'pg'
      ? await pgDueRows(now, limit, paused)
      : await withSqliteClient(() => sqliteDueRows(now, limit, paused));
  return rows.map((r) => ({
    id: r.id,
    integrationId: r.integration_id,
    operation: r.operation,
    noBatch: r.no_batch === 1 || r.no_batch === true,
  }));
}
