import 'server-only';

import { finishAttempts, requeueAlone, startAttempts, type ClaimedDelivery } from '@/lib/data/delivery-state';
import { countOutcomes } from '@/lib/data/incident-signals';
import { noteCredentialsRefusal } from '@/lib/data/incident-writes';
import { apiBaseUrl } from '@/lib/data/integrations';
import type { TransportResult } from '@/lib/salesmanago/client';
import type { DecodedAnswer } from '@/lib/salesmanago/decode';
import { isCredentialsRefusal } from '@/lib/incidents/credentials';
import { buildBatchAddRequest, redactRequestBody } from '@/lib/salesmanago/requests';
import type { EventData } from '@/lib/validations/event';
import {
  askOnUnknownFor,
  attemptAnswer,
  PROCESS_OWNER,
  senderFor,
  settleAnswered,
  settlementFor,
  type Outgoing,
} from './send';

const contactKey = (e: EventData) => (e.contactId ?? e.email ?? '').toLowerCase();

/** Which contacts SALESmanago listed as failed; undefined when an entry names no contact we can match. */
export function failedContactKeys(failed: unknown[] | undefined): Set<string> | undefined {
  const keys = new Set<string>();
  for (const item of failed ?? []) {
    const id =
      typeof item === 'string'
        ? item
        : item && typeof item === 'object'
          ? ((item as Record<string, unknown>).email ?? (item as Record<string, unknown>).contactId)
          : undefined;
    if (typeof id !== 'string' || !id) return undefined;
    keys.add(id.toLowerCase());
  }
  return keys;
}

/**
 * Starts claimed add-deliveries of one integration as one batch request: builds it and records each
 * delivery's attempt. Its `record` settles each from the answer. A batch answer names failed contacts,
 * not events, so the events of a failed contact are sent again alone, where SALESmanago's answer is
 * precise; everything else is settled from the batch.
 */
export async function startBatch(rows: ClaimedDelivery[]): Promise<Outgoing | undefined> {
  const owner = rows[0]?.leaseOwner ?? PROCESS_OWNER;
  const sender = await senderFor(rows);
  if (!sender) return undefined;
  const { integration, creds } = sender;

  const events = rows.map((r) => r.event as EventData);
  const request = buildBatchAddRequest(creds, events);
  const url = apiBaseUrl(integration) + request.path;
  const { events: sentEvents, ...envelope } = redactRequestBody(request.body) as {
    events: unknown[];
  } & Record<string, unknown>;
  // Each delivery's attempt keeps the batch envelope with its own event only, not the other 399.
  const attemptIds = await startAttempts(
    rows.map((row, i) => ({
      deliveryId: row.id,
      number: row.attemptCount,
      url,
      request: { ...envelope, events: [sentEvents[i]] },
      batchSize: rows.length,
    })),
    Date.now(),
  );
  return {
    url,
    body: request.body,
    record: (result, decoded, now) =>
      recordBatch(integration.id, rows, attemptIds, owner, result, decoded, now, (r) =>
        askOnUnknownFor(integration, r.event as EventData),
      ),
  };
}

async function recordBatch(
  integrationId: number,
  rows: ClaimedDelivery[],
  attemptIds: number[],
  owner: string,
  result: TransportResult,
  decoded: DecodedAnswer,
  now: number,
  askOnUnknown: (row: ClaimedDelivery) => boolean,
): Promise<void> {
  const base = attemptAnswer(result);
  const failedKeys = decoded.outcome === 'succeeded' ? failedContactKeys(decoded.failedContacts) : undefined;
  if (decoded.outcome === 'succeeded' && failedKeys && failedKeys.size > 0) {
    const alone = rows.filter((r) => failedKeys.has(contactKey(r.event as EventData)));
    const done = rows.filter((r) => !alone.includes(r));
    const aloneIds = new Set(alone.map((r) => r.id));
    await finishAttempts(
      attemptIds.filter((_, i) => aloneIds.has(rows[i]!.id)),
      {
        ...base,
        outcome: 'transient',
        reason: 'batch-partly-failed',
        message: 'SALESmanago did not add this contact’s events in the batch; sending them alone.',
      },
    );
    await finishAttempts(
      attemptIds.filter((_, i) => !aloneIds.has(rows[i]!.id)),
      { ...base, outcome: 'succeeded', reason: 'ok', message: null },
    );
    await settleAnswered(
      integrationId,
      done.map((r) => r.id),
      owner,
      okSettlement(decoded, result.durationMs, now),
    );
    await requeueAlone(
      alone.map((r) => r.id),
      owner,
      now,
    );
    return;
  }

  await finishAttempts(attemptIds, {
    ...base,
    outcome: decoded.outcome,
    reason: decoded.reason,
    message:
      decoded.outcome === 'succeeded' && decoded.reason === 'ok' ? null : decoded.explanation.slice(0, 2000),
  });
  if (decoded.outcome === 'rejected' && isCredentialsRefusal(decoded.reason)) {
    // Refused for who is asking, not for an event: the incident this opens pauses the integration in
    // this transaction, so the batch waits whole for the credentials, and goes again as a batch.
    await countOutcomes(integrationId, 'failed', rows.length, now);
    await noteCredentialsRefusal(integrationId, decoded.reason, rows.length, now);
    await requeueAlone(
      rows.map((r) => r.id),
      owner,
      now,
      false,
    );
    return;
  }
  if (decoded.outcome === 'rejected') {
    // One bad event can make SALESmanago refuse a whole batch: find out which by sending each alone.
    await requeueAlone(
      rows.map((r) => r.id),
      owner,
      now,
    );
    return;
  }
  // Succeeded, or a transient failure of the whole request: every delivery follows the same verdict.
  // Rows are grouped by attempt count so each follows its own place in the retry schedule, and by
  // whether their type waits for a person after an unknown outcome.
  const groups = new Map<string, { attemptCount: number; ask: boolean; ids: number[] }>();
  for (const r of rows) {
    const ask = askOnUnknown(r);
    const key = `${r.attemptCount}:${ask}`;
    const group = groups.get(key) ?? { attemptCount: r.attemptCount, ask, ids: [] };
    group.ids.push(r.id);
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    await settleAnswered(
      integrationId,
      g.ids,
      owner,
      settlementFor(decoded, g.attemptCount, result.durationMs, now, g.ask),
    );
  }
}

function okSettlement(decoded: DecodedAnswer, durationMs: number, now: number) {
  return settlementFor({ ...decoded, reason: 'ok', messages: [] }, 1, durationMs, now);
}
