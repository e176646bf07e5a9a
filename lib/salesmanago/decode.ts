// Reads what came back from a SALESmanago call into one verdict: did it work, may a retry help, and what a
// marketer should do (docs/salesmanago.md §4). Pure: the transport result in, a plain object out.
import type { TransportResult } from './client';
import { matchMessage, REASONS, type ReasonCode } from './messages';

export interface DecodedAnswer {
  /** succeeded: SALESmanago said yes. rejected: it said no, retrying will not help. transient: try again later. */
  outcome: 'succeeded' | 'rejected' | 'transient';
  reason: ReasonCode;
  title: string;
  explanation: string;
  fix: string;
  /** SALESmanago's own message strings, as sent. */
  messages: string[];
  values?: Record<string, unknown>;
  eventId?: string;
  result?: unknown;
  createdAmount?: number;
  failedAmount?: number;
  failedContacts?: unknown[];
  httpStatus?: number;
  /** From Retry-After on a 429 or 503, for the retry scheduler. */
  retryAfterMs?: number;
}

type Json = Record<string, unknown>;

export function decodeResponse(result: TransportResult): DecodedAnswer {
  if (result.kind === 'transport-error') {
    const info = REASONS[result.error];
    // A failed TLS handshake is a setup problem (wrong scheme, untrusted certificate): resending the same
    // request cannot fix it, so it is final. Every other way of getting no answer can pass.
    return {
      outcome: info.retryable ? 'transient' : 'rejected',
      reason: result.error,
      title: info.title,
      explanation: `${result.message} ${info.explanation}`,
      fix: info.fix,
      messages: [],
    };
  }

  const status = result.httpStatus;
  const text = result.bodyText.trim();
  const json = parseObject(text);
  const messages = json ? extractMessages(json) : [];
  const values = json && isObject(json.values) ? json.values : undefined;
  const base = { messages, httpStatus: status, ...(values && { values }) };
  const verdict = (
    outcome: DecodedAnswer['outcome'],
    reason: ReasonCode,
    explanation?: string,
  ): DecodedAnswer => {
    const info = REASONS[reason];
    return {
      outcome,
      reason,
      title: info.title,
      explanation: explanation ?? info.explanation,
      fix: info.fix,
      ...base,
    };
  };

  if (status >= 200 && status < 300) {
    if (text === '') return verdict('transient', 'empty-body');
    if (json?.success === true) return succeeded(json, verdict);
    if (json && (json.success === false || messages.length > 0 || values))
      return refusal(messages, values, verdict);
    const cut = result.truncated ? ' The answer was also longer than the console keeps, so it was cut.' : '';
    return verdict('transient', 'malformed', `${REASONS.malformed.explanation}${cut}`);
  }

  const retryAfterMs = parseRetryAfter(result.headers.retryAfter, result.headers.date);
  const withRetry = (answer: DecodedAnswer): DecodedAnswer =>
    retryAfterMs === undefined ? answer : { ...answer, retryAfterMs };
  const statusNote = (reason: ReasonCode) =>
    `${REASONS[reason].explanation}${quoteMessages(messages, ' SALESmanago said: ')}`;

  if (status === 429)
    return withRetry(verdict('transient', 'http-rate-limited', statusNote('http-rate-limited')));
  // 408 is the server giving up waiting for us: the same as a timeout, and as retryable.
  if (status === 408)
    return verdict(
      'transient',
      'timeout',
      `The server gave up waiting (HTTP 408). ${REASONS.timeout.explanation}`,
    );
  if (status >= 500) {
    return withRetry(
      verdict(
        'transient',
        'http-server-error',
        `The server answered HTTP ${status}. ${statusNote('http-server-error')}`,
      ),
    );
  }
  if (status >= 300 && status < 400) {
    const to = result.headers.location ? ` to ${result.headers.location}` : '';
    return verdict(
      'rejected',
      'http-redirect',
      `The endpoint answered HTTP ${status}, redirecting${to}. ${REASONS['http-redirect'].explanation}`,
    );
  }
  // 4xx: a SALESmanago message, if there is one, says more than the status code.
  const known = firstKnown(messages);
  if (known) return verdict('rejected', known, explain(known, messages, values));
  if (status === 404) return verdict('rejected', 'http-not-found');
  return verdict(
    'rejected',
    'http-client-error',
    `The server answered HTTP ${status}. ${statusNote('http-client-error')}`,
  );
}

function succeeded(
  json: Json,
  verdict: (o: DecodedAnswer['outcome'], r: ReasonCode, e?: string) => DecodedAnswer,
): DecodedAnswer {
  const extra: Partial<DecodedAnswer> = {};
  if (typeof json.eventId === 'string' && json.eventId) extra.eventId = json.eventId;
  if ('result' in json) extra.result = json.result;
  if (typeof json.createdAmount === 'number') extra.createdAmount = json.createdAmount;
  if (typeof json.failedAmount === 'number') extra.failedAmount = json.failedAmount;
  if (Array.isArray(json.failedContacts)) extra.failedContacts = json.failedContacts;

  const failed = extra.failedAmount ?? extra.failedContacts?.length ?? 0;
  if (failed > 0) {
    const created = extra.createdAmount === undefined ? '' : `${extra.createdAmount} added, `;
    return {
      ...verdict(
        'succeeded',
        'batch-partly-failed',
        `${REASONS['batch-partly-failed'].explanation} (${created}${failed} not added.)`,
      ),
      ...extra,
    };
  }
  let explanation = REASONS.ok.explanation;
  if (extra.eventId) explanation = `SALESmanago stored the event with ID ${extra.eventId}.`;
  else if (extra.createdAmount !== undefined)
    explanation = `SALESmanago added ${extra.createdAmount} events.`;
  return { ...verdict('succeeded', 'ok', explanation), ...extra };
}

function refusal(
  messages: string[],
  values: Json | undefined,
  verdict: (o: DecodedAnswer['outcome'], r: ReasonCode, e?: string) => DecodedAnswer,
): DecodedAnswer {
  // SALESmanago answers its refusals with HTTP 200 and success: false; they are about the request itself,
  // so sending it again unchanged gives the same answer.
  const reason = firstKnown(messages) ?? (values ? 'validation-failed' : 'rejected-other');
  return verdict('rejected', reason, explain(reason, messages, values));
}

function explain(reason: ReasonCode, messages: string[], values: Json | undefined): string {
  let text = REASONS[reason].explanation;
  if (reason === 'rejected-other') {
    text = messages.length
      ? `SALESmanago refused the request and said: ${messages.map((m) => `"${m}"`).join('; ')}.`
      : 'SALESmanago refused the request without saying why.';
  }
  const details = values ? formatValues(values) : [];
  return details.length ? `${text} Details: ${details.join('; ')}.` : text;
}

function firstKnown(messages: string[]): ReasonCode | undefined {
  for (const m of messages) {
    const reason = matchMessage(m);
    if (reason) return reason;
  }
  return undefined;
}

function quoteMessages(messages: string[], prefix: string): string {
  return messages.length ? `${prefix}${messages.map((m) => `"${m}"`).join('; ')}.` : '';
}

/**
 * Per-field validation details as "field: detail, detail" lines, the way the official lib prints them
 * (RequestService::validateCustomResponse).
 */
export function formatValues(values: Record<string, unknown>): string[] {
  return Object.entries(values).map(
    ([key, value]) => `${key}: ${flatten(value).join(', ') || '(no detail)'}`,
  );
}

function flatten(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (typeof value === 'object')
    return Object.entries(value).map(([k, v]) => `${k} ${flatten(v).join(', ')}`.trim());
  return [String(value)];
}

/** `message` is normally an array of strings; some clients also see a string, or an `error` field. */
export function extractMessages(json: Json): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim()) out.push(v.trim());
    else if (Array.isArray(v)) v.forEach(add);
    else if (isObject(v) && typeof v.message === 'string') add(v.message);
  };
  add(json.message);
  add(json.error);
  return out;
}

function parseObject(text: string): Json | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); the date is read against the server's Date. */
export function parseRetryAfter(
  header: string | undefined,
  serverDate: string | undefined,
): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  const reference = serverDate ? Date.parse(serverDate) : Date.now();
  return Math.max(0, at - (Number.isNaN(reference) ? Date.now() : reference));
}
