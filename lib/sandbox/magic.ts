// Magic contacts: like Stripe's test cards, documented email addresses that make the sandbox misbehave on
// purpose, so every way a real SALESmanago call can go wrong can be tried from the composer.
import { createHash } from 'node:crypto';

import type { SandboxReply } from './reply';
import type { SandboxStore } from './store';

export type MagicBehaviour = 'timeout' | 'server-error' | 'malformed' | 'slow' | 'flaky' | 'rate-limit';

/** Longer than the console's request timeout, so the console gives up first. */
export const MAGIC_TIMEOUT_DELAY_MS = 30_000;
export const MAGIC_SLOW_DELAY_MS = 1_500;
/** How many times the flaky contact fails the same event before it succeeds. */
export const MAGIC_FLAKY_FAILURES = 2;
export const MAGIC_RETRY_AFTER_SECONDS = 2;

const BY_EMAIL: Record<string, MagicBehaviour> = {
  'sandbox+timeout@example.com': 'timeout',
  'sandbox+500@example.com': 'server-error',
  'sandbox+malformed@example.com': 'malformed',
  'sandbox+slow@example.com': 'slow',
  'sandbox+flaky@example.com': 'flaky',
  'sandbox+ratelimit@example.com': 'rate-limit',
};

export interface MagicContact {
  email: string;
  /** One plain line for the composer screen's docs. */
  behaviour: string;
  /** What the console records for it. */
  outcome: string;
}

export const MAGIC_CONTACTS: readonly MagicContact[] = [
  {
    email: 'sandbox+timeout@example.com',
    behaviour: `Holds the answer for ${MAGIC_TIMEOUT_DELAY_MS / 1000} seconds, then succeeds; the event is stored.`,
    outcome:
      'A timeout, retried later. Like a real server that answered too late, the sandbox kept the event, so each retry adds it again.',
  },
  {
    email: 'sandbox+500@example.com',
    behaviour: 'Answers HTTP 500 with an HTML error page; nothing is stored.',
    outcome: 'A server error (HTTP 5xx), retried later; it fails every time.',
  },
  {
    email: 'sandbox+malformed@example.com',
    behaviour: 'Stores the event but cuts its JSON answer in half.',
    outcome:
      'An answer that could not be read, retried later. The event was stored, so each retry adds it again.',
  },
  {
    email: 'sandbox+slow@example.com',
    behaviour: `Answers with success after ${MAGIC_SLOW_DELAY_MS / 1000} seconds.`,
    outcome: 'Success, with a longer duration in the history.',
  },
  {
    email: 'sandbox+flaky@example.com',
    behaviour: `Answers HTTP 503 the first ${MAGIC_FLAKY_FAILURES} times the same event (type, date, external ID, email) is sent, then succeeds.`,
    outcome: `Two server errors (HTTP 503) retried automatically, then success on the third attempt.`,
  },
  {
    email: 'sandbox+ratelimit@example.com',
    behaviour: `Always answers HTTP 429 Too Many Requests with Retry-After: ${MAGIC_RETRY_AFTER_SECONDS}; nothing is stored.`,
    outcome:
      'Rate limited, retried after the Retry-After delay until the retries run out; it never succeeds.',
  },
];

export function magicBehaviourOf(email: unknown): MagicBehaviour | undefined {
  return typeof email === 'string' ? BY_EMAIL[email.trim().toLowerCase()] : undefined;
}

export function isMagicEmail(email: unknown): boolean {
  return magicBehaviourOf(email) !== undefined;
}

export interface MagicTarget {
  behaviour: MagicBehaviour;
  /** Identifies "the same event" across resends, for the flaky contact's counter. */
  fingerprint: string;
}

/** The magic behaviour for an event sent to `email`, or undefined for an ordinary contact. */
export function magicFor(email: unknown, contactEvent: unknown): MagicTarget | undefined {
  const behaviour = magicBehaviourOf(email);
  if (!behaviour) return undefined;
  const ce = (contactEvent && typeof contactEvent === 'object' ? contactEvent : {}) as Record<
    string,
    unknown
  >;
  // Raw values, not validated ones: a resend of the same delivery carries the same body.
  const parts = [ce.contactExtEventType, ce.date, ce.externalId, String(email).trim().toLowerCase()];
  // Hashed so a long field cannot make a long counter key.
  const fingerprint = createHash('sha1')
    .update(JSON.stringify(parts.map((p) => p ?? null)))
    .digest('hex');
  return { behaviour, fingerprint };
}

const SERVER_ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>' +
  '<h1>Internal Server Error</h1><p>The SALESmanago sandbox failed on purpose: ' +
  'sandbox+500@example.com always gets this page.</p></body></html>';

/**
 * Applies a magic contact's behaviour around `answer` (the ordinary handling, run lazily). Failures answer
 * before anything is stored; a timeout, a slow answer and a malformed answer come after the event was stored,
 * as when a real server did its work but the answer went wrong on the way back.
 */
export function withMagic(
  target: MagicTarget | undefined,
  store: SandboxStore,
  accountId: number,
  answer: () => SandboxReply,
): SandboxReply {
  if (!target) return answer();
  switch (target.behaviour) {
    case 'server-error':
      return { status: 500, raw: SERVER_ERROR_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } };
    case 'rate-limit':
      return {
        status: 429,
        json: { success: false, message: ['Too many requests'] },
        headers: { 'Retry-After': String(MAGIC_RETRY_AFTER_SECONDS) },
      };
    case 'flaky': {
      const attempt = store.bump(`magic:flaky:${accountId}:${target.fingerprint}`);
      if (attempt <= MAGIC_FLAKY_FAILURES) {
        return { status: 503, json: { success: false, message: ['Service temporarily unavailable'] } };
      }
      return answer();
    }
    case 'timeout':
      return { ...answer(), delayMs: MAGIC_TIMEOUT_DELAY_MS };
    case 'slow':
      return { ...answer(), delayMs: MAGIC_SLOW_DELAY_MS };
    case 'malformed': {
      const reply = answer();
      const text = reply.raw ?? JSON.stringify(reply.json);
      // Half of a JSON object never parses: its closing brace is gone.
      return { status: reply.status, raw: text.slice(0, Math.ceil(text.length / 2)) };
    }
  }
}
