import 'server-only';

import { preparedStatement } from '@/db';
import { PAUSED_INTEGRATIONS, UNLEASED } from './delivery-state';

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

type DueRow = { id: number; integration_id: number | null; operation: string; no_batch: number };

/** The integrations whose sending is paused now (by hand or by a credentials incident). */
function pausedIntegrationIdsSync(): number[] {
  return (pausedStatement().all() as Array<{ id: number }>).map((r) => r.id);
}

export async function pausedIntegrationIds(): Promise<number[]> {
  return pausedIntegrationIdsSync();
}

function dueRows(now: number, limit: number): DueRow[] {
  const paused = pausedIntegrationIdsSync();
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

/** Deliveries due now (queued, or retrying with their time come), oldest first. */
export function dueDeliveryIdsSync(
  now: number,
  limit: number,
): Array<{ id: number; integrationId: number | null; operation: string; noBatch: boolean }> {
  return dueRows(now, limit).map((r) => ({
    id: r.id,
    integrationId: r.integration_id,
    operation: r.operation,
    noBatch: r.no_batch === 1,
  }));
}
