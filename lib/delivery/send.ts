import 'server-only';
import { randomBytes } from 'node:crypto';

import { config } from '@/lib/config';
import {
  finishAttempts,
  LEASE_MARGIN_MS,
  settleDeliveries,
  startAttempts,
  type ClaimedDelivery,
  type Settlement,
} from '@/lib/data/delivery-state';
import { apiBaseUrl, findIntegrationRow, getCredentials } from '@/lib/data/integrations';
import { postJson } from '@/lib/salesmanago/client';
import { decodeResponse, type DecodedAnswer } from '@/lib/salesmanago/decode';
import { describeReason, OUTCOME_UNKNOWN, type ReasonCode } from '@/lib/salesmanago/messages';
import { buildAddEventRequest, buildUpdateEventRequest, redactRequestBody } from '@/lib/salesmanago/requests';
import type { EventData } from '@/lib/validations/event';
import { planAfterFailure } from './retry-policy';

/** This process's name on the leases it takes; a restart is a new owner. */
export const PROCESS_OWNER = `p${process.pid}-${randomBytes(4).toString('hex')}`;

export function leaseMs(): number {
  return config().deliveryTimeoutMs + LEASE_MARGIN_MS;
}

/** The verdict of one attempt, turned into the delivery's next state. */
export function settlementFor(
  decoded: DecodedAnswer,
  attemptCount: number,
  durationMs: number,
  now: number,
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
        possibleDuplicate: OUTCOME_UNKNOWN.has(decoded.reason),
      }
    : { ...base, status: 'failed', nextAttemptAt: null };
}

export function failWithoutSending(row: ClaimedDelivery, reason: ReasonCode, now: number): void {
  settleDeliveries([row.id], row.leaseOwner ?? PROCESS_OWNER, {
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
 * Sends one delivery this process has claimed and records everything: the redacted request, the answer
 * (capped), the duration and the decoded verdict. Never throws for SALESmanago's or the network's sake.
 */
export async function sendClaimed(row: ClaimedDelivery): Promise<void> {
  const owner = row.leaseOwner ?? PROCESS_OWNER;
  const integration = row.integrationId ? findIntegrationRow(row.integrationId) : undefined;
  if (!integration) return failWithoutSending(row, 'integration-deleted', Date.now());
  let creds;
  try {
    creds = getCredentials(integration);
  } catch {
    return failWithoutSending(row, 'credentials-unreadable', Date.now());
  }

  const event = row.event as EventData;
  const request =
    row.operation === 'update' && event.eventId
      ? buildUpdateEventRequest(creds, { ...event, eventId: event.eventId })
      : buildAddEventRequest(creds, event);
  const url = apiBaseUrl(integration) + request.path;
  const [attemptId] = startAttempts(
    [{ deliveryId: row.id, number: row.attemptCount, url, request: redactRequestBody(request.body) }],
    Date.now(),
  );

  const result = await postJson({ url, body: request.body, timeoutMs: config().deliveryTimeoutMs });
  const decoded = decodeResponse(result);
  const now = Date.now();
  finishAttempts([attemptId!], {
    durationMs: result.durationMs,
    httpStatus: result.kind === 'response' ? result.httpStatus : null,
    responseBody: result.kind === 'response' ? result.bodyText : null,
    responseTruncated: result.kind === 'response' ? result.truncated : false,
    outcome: decoded.outcome,
    reason: decoded.reason,
    message: decoded.outcome === 'succeeded' ? null : decoded.explanation.slice(0, 2000),
  });
  settleDeliveries([row.id], owner, settlementFor(decoded, row.attemptCount, result.durationMs, now));
}
