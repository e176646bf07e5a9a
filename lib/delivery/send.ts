import 'server-only';
import { config } from '@/lib/config';
import {
  finishAttempts,
  LEASE_MARGIN_MS,
  settleDeliveries,
  startAttempts,
  type ClaimedDelivery,
  type Settlement,
} from '@/lib/data/delivery-state';
import { withTransaction } from '@/lib/data/engine';
import { countOutcomes } from '@/lib/data/incident-signals';
import { noteCredentialsRefusal } from '@/lib/data/incident-writes';
import { apiBaseUrl, findIntegrationRow, getCredentials } from '@/lib/data/integrations';
import { isCredentialsRefusal } from '@/lib/incidents/credentials';
import { postJson, type TransportResult } from '@/lib/salesmanago/client';
import { decodeResponse, type DecodedAnswer } from '@/lib/salesmanago/decode';
import { asksAfterUnknownOutcome, type UnknownOutcomePolicy } from '@/lib/salesmanago/duplicates';
import { describeReason, OUTCOME_UNKNOWN, type ReasonCode } from '@/lib/salesmanago/messages';
import { buildAddEventRequest, buildUpdateEventRequest, redactRequestBody } from '@/lib/salesmanago/requests';
import type { EventData } from '@/lib/validations/event';
import { planAfterFailure } from './retry-policy';

/** This instance's name on the leases it takes (lib/config.ts instanceName); a restart is a new owner. */
export const PROCESS_OWNER = config().instanceName;

export function leaseMs(): number {
  return config().deliveryTimeoutMs + LEASE_MARGIN_MS;
}

/**
 * The verdict of one attempt, turned into the delivery's next state. `askOnUnknown`: after an answer
 * that leaves unknown whether SALESmanago stored the event, wait for a person (failed, reason
 * `maybe-stored`, kept in Needs attention) instead of retrying; see askOnUnknownFor.
 */
export function settlementFor(
  decoded: DecodedAnswer,
  attemptCount: number,
  durationMs: number,
  now: number,
  askOnUnknown = false,
): Settlement {
  const base = {
    reason: decoded.reason === 'ok' ? null : decoded.reason,
    reasonMessage: decoded.messages.length ? decoded.messages.join(' · ').slice(0, 2000) : null,
    lastHttpStatus: decoded.httpStatus ?? null,
    lastDurationMs: durationMs,
    now,
  };
  if (decoded.outcome === 'succeeded') {
    return { ...base, status: 'succeeded', smEventId: decoded.eventId ?? null, nextAttemptAt: null };
  }
  const unknown = OUTCOME_UNKNOWN.has(decoded.reason);
  if (unknown && askOnUnknown && decoded.outcome === 'transient') {
    // What happened stays readable: the reason's own title leads SALESmanago's words, if any.
    const what = [describeReason(decoded.reason).title, base.reasonMessage].filter(Boolean).join(' · ');
    return {
      ...base,
      status: 'failed',
      reason: 'maybe-stored',
      reasonMessage: what.slice(0, 2000),
      nextAttemptAt: null,
      possibleDuplicate: true,
    };
  }
  const plan = planAfterFailure({
    outcome: decoded.outcome,
    attemptCount,
    now,
    retryAfterMs: decoded.retryAfterMs,
  });
  return plan.status === 'retrying'
    ? {
        ...base,
        status: 'retrying',
        nextAttemptAt: plan.nextAttemptAt,
        possibleDuplicate: unknown,
      }
    : { ...base, status: 'failed', nextAttemptAt: null };
}

/**
 * Settles answered deliveries of one integration, and tells the incident checks: every answer counts
 * toward the failure rate, and a refusal of the credentials or owner opens the credentials incident,
 * which pauses the integration in the same transaction, so what waits behind it stops being sent.
 */
export async function settleAnswered(
  integrationId: number | null,
  ids: number[],
  owner: string,
  s: Settlement,
): Promise<number> {
  const changed = await settleDeliveries(ids, owner, s);
  if (changed === 0) return 0;
  await countOutcomes(integrationId, s.status === 'succeeded' ? 'succeeded' : 'failed', changed, s.now);
  if (integrationId !== null && s.status === 'failed' && isCredentialsRefusal(s.reason))
    await noteCredentialsRefusal(integrationId, s.reason, changed, s.now);
  return changed;
}

/** Whether this integration wants a person to decide, for this delivery's type, after an unknown outcome. */
export function askOnUnknownFor(integration: { unknownOutcome: unknown }, event: { type: string }): boolean {
  return asksAfterUnknownOutcome(integration.unknownOutcome as UnknownOutcomePolicy | null, event.type);
}

export async function failWithoutSending(
  row: ClaimedDelivery,
  reason: ReasonCode,
  now: number,
): Promise<void> {
  await settleDeliveries([row.id], row.leaseOwner ?? PROCESS_OWNER, {
    status: 'failed',
    reason,
    reasonMessage: describeReason(reason).title,
    lastHttpStatus: null,
    lastDurationMs: null,
    nextAttemptAt: null,
    now,
  });
}

/**
 * The integration and credentials the rows (of one integration) are sent with. When there are none
 * (integration deleted, secret unreadable), each row is settled as failed and the result is undefined.
 */
export async function senderFor(rows: ClaimedDelivery[]) {
  const integration = rows[0]?.integrationId ? await findIntegrationRow(rows[0].integrationId) : undefined;
  let reason: ReasonCode = 'integration-deleted';
  if (integration) {
    try {
      return { integration, creds: getCredentials(integration) };
    } catch {
      reason = 'credentials-unreadable';
    }
  }
  for (const row of rows) await failWithoutSending(row, reason, Date.now());
  return undefined;
}

/**
 * A claimed delivery (or batch) whose attempt is recorded and whose request is built: ready to go out.
 * Starting is synchronous, so the worker claims and starts in one transaction; `record` writes the
 * answer (attempts finished, deliveries settled), in a transaction of its own (`dispatch`) or, in the
 * worker, together with the next claim.
 */
export interface Outgoing {
  url: string;
  body: unknown;
  record(result: TransportResult, decoded: DecodedAnswer, now: number): Promise<void>;
}

/** The part of an attempt's record every outcome shares. */
export function attemptAnswer(result: TransportResult) {
  return {
    durationMs: result.durationMs,
    httpStatus: result.kind === 'response' ? result.httpStatus : null,
    responseBody: result.kind === 'response' ? result.bodyText : null,
    responseTruncated: result.kind === 'response' ? result.truncated : false,
  };
}

/**
 * Sends a started delivery or batch; resolves with the function that records its answer. Never throws
 * for SALESmanago's or the network's sake.
 */
export async function post(outgoing: Outgoing): Promise<() => Promise<void>> {
  const result = await postJson({
    url: outgoing.url,
    body: outgoing.body,
    timeoutMs: config().deliveryTimeoutMs,
    fetchImpl: fetch,
  });
  const decoded = decodeResponse(result);
  const now = Date.now();
  return () => outgoing.record(result, decoded, now);
}

/** Sends a started delivery or batch and records the answer in one transaction. */
export async function dispatch(outgoing: Outgoing): Promise<void> {
  await withTransaction(await post(outgoing));
}

/**
 * Starts one delivery this process has claimed: builds its request and records the attempt as in
 * flight (redacted). Undefined when it cannot be sent at all (it is then settled as failed).
 */
export async function startSingle(row: ClaimedDelivery): Promise<Outgoing | undefined> {
  const owner = row.leaseOwner ?? PROCESS_OWNER;
  const sender = await senderFor([row]);
  if (!sender) return undefined;
  const { integration, creds } = sender;

  const event = row.event as EventData;
  const request =
    row.operation === 'update' && event.eventId
      ? buildUpdateEventRequest(creds, { ...event, eventId: event.eventId })
      : buildAddEventRequest(creds, event);
  const url = apiBaseUrl(integration) + request.path;
  const [attemptId] = await startAttempts(
    [{ deliveryId: row.id, number: row.attemptCount, url, request: redactRequestBody(request.body) }],
    Date.now(),
  );
  return {
    url,
    body: request.body,
    async record(result, decoded, now) {
      await finishAttempts([attemptId!], {
        ...attemptAnswer(result),
        outcome: decoded.outcome,
        reason: decoded.reason,
        message: decoded.outcome === 'succeeded' ? null : decoded.explanation.slice(0, 2000),
      });
      const ask = askOnUnknownFor(integration, event);
      await settleAnswered(
        integration.id,
        [row.id],
        owner,
        settlementFor(decoded, row.attemptCount, result.durationMs, now, ask),
      );
    },
  };
}

/** Sends one delivery this process has claimed and records everything (the composer's path). */
export async function sendClaimed(row: ClaimedDelivery): Promise<void> {
  const outgoing = await startSingle(row);
  if (outgoing) await dispatch(outgoing);
}
