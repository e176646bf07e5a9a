/**
 * The public collector's whole decision for one request, as a pure function: server.ts reads the
 * request, calls `handleCollect`, writes the result and, for an accepted event, hands `delivery` to the
 * delivery queue. Nothing here touches the database or the network, so it is fast and fully testable.
 */
import type { RefusalCause } from '@/db/enums';
import type { CollectDelivery, CollectorIntegration } from '@/lib/data/collector';
import { parseEvent } from '@/lib/validations/event';
import { originAllowed } from '@/lib/validations/origin';

import { acceptedContentType, pageUrlFromReferer, splitPageUrl } from './body';
import { corsHeaders, preflight, type HeaderMap } from './cors';
import { takeCollectorTokens, type CollectorLimiters } from './limits';

export { DEFAULT_ALLOWED_TYPES } from '@/lib/validations/collector';
export { createCollectorLimiters, type CollectorLimiters } from './limits';

/** Largest body the server reads; it stops reading there and sets `bodyTooLarge`. */
export const COLLECTOR_MAX_BODY_BYTES = 16 * 1024;
// Header values are stored with the delivery; cap them so a hostile client cannot bloat the history.
const USER_AGENT_MAX_LENGTH = 512;

export type CollectInput = {
  collectorKey: string;
  method: string;
  origin: string | null;
  contentType: string | null;
  ip: string;
  userAgent: string | null;
  referer: string | null;
  /** Raw text, already size-capped by the server. */
  body: string;
  bodyTooLarge: boolean;
  now: number;
  /** Preflight only: the Access-Control-Request-Method and -Headers headers. */
  accessControlRequestMethod?: string | null;
  accessControlRequestHeaders?: string | null;
};

export type CollectDeps = {
  findIntegration(collectorKey: string): CollectorIntegration | undefined;
  limiters: CollectorLimiters;
};

export type CollectErrorCode =
  | 'bad_request'
  | 'method_not_allowed'
  | 'not_found'
  | 'origin_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'type_not_allowed'
  | 'rate_limited';

export type CollectErrorBody = {
  error: { code: CollectErrorCode; message: string; fieldErrors?: Record<string, string[]> };
};

export type CollectResult =
  | { kind: 'preflight'; status: 204 | 403; headers: HeaderMap; body: null }
  | {
      kind: 'accepted';
      status: 202;
      headers: HeaderMap;
      body: { accepted: true };
      delivery: CollectDelivery;
    }
  | {
      kind: 'refused';
      status: 400 | 403 | 404 | 405 | 413 | 415 | 422 | 429;
      headers: HeaderMap;
      body: CollectErrorBody;
    };

type Refused = Extract<CollectResult, { kind: 'refused' }>;

/**
 * How the overview counts a refusal (collector_refusals), or null for one it does not: a wrong method
 * or an unknown or switched-off key belong to no live integration.
 */
export function refusalCause(code: CollectErrorCode): RefusalCause | null {
  switch (code) {
    case 'origin_not_allowed':
      return 'origin';
    case 'type_not_allowed':
      return 'type';
    case 'rate_limited':
      return 'rate-limited';
    case 'bad_request':
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'validation_failed':
      return 'invalid';
    case 'method_not_allowed':
    case 'not_found':
      return null;
  }
}

// No cache may keep an answer meant for one request; nosniff keeps a browser from reading JSON as HTML.
const JSON_HEADERS: HeaderMap = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

function quote(value: string, max = 100): string {
  return `"${value.length > max ? `${value.slice(0, max)}…` : value}"`;
}

/**
 * Decides one collector request. The order of the checks is deliberate:
 * 1. OPTIONS is a preflight: it has no body, and the browser needs only the CORS answer.
 * 2. Any method but POST is 405, whatever the key: the cheapest possible refusal.
 * 3. An unknown key and a switched-off one are the same 404, so a prober cannot tell which keys exist.
 * 4. The origin, a header, is checked before anything about the body: a site that may not send events
 *    learns nothing about our body rules, and we spend nothing parsing its bodies.
 * 5. Rate limits come right after: from here on every request (valid or not) belongs to an allowed
 *    origin of a live collector and costs one token, so a flood of broken requests is limited just like
 *    a flood of good ones and gets 429 before we spend anything on it. The refusals before this point
 *    are header checks that cost nothing and write nothing, and have no allowed origin to charge.
 * 6. Then the body: size (the server already stopped reading), content type, JSON, the shared event
 *    rules (422, so the field errors match the composer's), and last the type allowlist, which needs
 *    the parsed, upper-cased type ("cart" is CART).
 * Nothing is written for a refusal: only an accepted result carries `delivery`.
 */
export function handleCollect(input: CollectInput, deps: CollectDeps): CollectResult {
  const found = deps.findIntegration(input.collectorKey);
  const integration = found?.enabled ? found : undefined;
  const patterns = integration?.allowedOrigins ?? [];

  if (input.method === 'OPTIONS') {
    const { status, headers } = preflight(
      {
        origin: input.origin,
        method: input.accessControlRequestMethod ?? '',
        headers: input.accessControlRequestHeaders ?? '',
      },
      patterns,
    );
    return { kind: 'preflight', status, headers, body: null };
  }

  const allowed = integration !== undefined && originAllowed(input.origin, patterns);
  const headers: HeaderMap = { ...JSON_HEADERS, ...corsHeaders(input.origin, { allowed }) };
  const refuse = (
    status: Refused['status'],
    code: CollectErrorCode,
    message: string,
    extra: { fieldErrors?: Record<string, string[]>; headers?: HeaderMap } = {},
  ): Refused => ({
    kind: 'refused',
    status,
    headers: extra.headers ? { ...headers, ...extra.headers } : headers,
    body: { error: { code, message, ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}) } },
  });

  if (input.method !== 'POST') {
    return refuse(405, 'method_not_allowed', 'Send events with POST.', {
      headers: { Allow: 'POST, OPTIONS' },
    });
  }
  if (!integration) {
    return refuse(
      404,
      'not_found',
      'No collector is active at this address. Copy the event snippet again from the console: the key may have been changed or the collector switched off.',
    );
  }
  if (!allowed) {
    const message =
      input.origin === null || input.origin === 'null'
        ? 'This request has no usable Origin (it came from a sandboxed frame, a file or a non-browser client). Send events from a page of a website listed in the allowed origins.'
        : `Events from ${quote(input.origin)} are not allowed. Add ${quote(input.origin)} to the allowed origins in the website events settings of "${integration.name}" in the console.`;
    return refuse(403, 'origin_not_allowed', message);
  }
  const origin = input.origin!;

  const limited = takeCollectorTokens(deps.limiters, integration.id, origin, input.ip, input.now);
  if (limited) {
    return refuse(429, 'rate_limited', limited.message, {
      headers: { 'Retry-After': String(limited.retryAfterSeconds) },
    });
  }

  // A string's length never exceeds its UTF-8 byte count, so this can only catch a true oversize.
  if (input.bodyTooLarge || input.body.length > COLLECTOR_MAX_BODY_BYTES) {
    return refuse(
      413,
      'payload_too_large',
      `The event is larger than ${COLLECTOR_MAX_BODY_BYTES / 1024} KB. Send one event per request and keep long texts short.`,
    );
  }
  if (!acceptedContentType(input.contentType)) {
    return refuse(
      415,
      'unsupported_media_type',
      `Send the event as JSON with Content-Type text/plain or application/json${
        input.contentType ? ` (this request said ${quote(input.contentType, 60)})` : ''
      }.`,
    );
  }

  let json: unknown;
  try {
    // A BOM is invisible in editors; tolerate it instead of failing with a puzzling parse error.
    json = JSON.parse(input.body.replace(/^\uFEFF/, ''));
  } catch {
    return refuse(
      400,
      'bad_request',
      input.body.trim() === ''
        ? 'The request has no body: send the event as JSON, e.g. JSON.stringify(event).'
        : 'The body is not valid JSON: send the event as JSON.stringify(event).',
    );
  }

  const { event: eventInput, pageUrl } = splitPageUrl(json);
  const parsed = parseEvent(eventInput);
  if (!parsed.ok || !pageUrl.ok) {
    const fieldErrors: Record<string, string[]> = parsed.ok ? {} : { ...parsed.fieldErrors };
    const messages = parsed.ok ? [] : [parsed.message];
    if (!pageUrl.ok) {
      fieldErrors.pageUrl = [pageUrl.message];
      messages.push(pageUrl.message);
    }
    return refuse(422, 'validation_failed', messages.join(' '), { fieldErrors });
  }

  const event = parsed.data;
  // The collector key is public: forceOptIn would let anyone create opted-in contacts for any email,
  // and an eventId would let anyone overwrite an existing event. Both stay server-side only.
  const serverOnly = (['forceOptIn', 'eventId'] as const).filter((k) => event[k] !== undefined);
  if (serverOnly.length) {
    const fieldErrors = Object.fromEntries(
      serverOnly.map((k) => [
        k,
        [`${k} cannot be sent from a website: send it from the console or your server.`],
      ]),
    );
    return refuse(422, 'validation_failed', `${serverOnly.join(' and ')} cannot be sent from a website.`, {
      fieldErrors,
    });
  }
  if (!integration.allowedTypes.includes(event.type)) {
    return refuse(
      403,
      'type_not_allowed',
      `${event.type} events are not allowed from websites for "${integration.name}" (allowed: ${
        integration.allowedTypes.join(', ') || 'none'
      }). Allow ${event.type} in the website events settings in the console if this website should send it.`,
    );
  }

  return {
    kind: 'accepted',
    status: 202,
    headers,
    body: { accepted: true },
    delivery: {
      integrationId: integration.id,
      // The event happened when it reached us; fixing the date now keeps it right even when delivery
      // is retried later (the request builder would otherwise stamp the send time).
      event: { ...event, date: event.date ?? Math.trunc(input.now) },
      pageUrl: pageUrl.value ?? pageUrlFromReferer(input.referer),
      origin,
      userAgent: input.userAgent === null ? null : input.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
    },
  };
}
