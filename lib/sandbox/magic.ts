// Magic contacts: like Stripe's test cards, documented email addresses that make the sandbox misbehave on
// purpose, so every way a real SALESmanago call can go wrong can be tried from the composer.
import { createHash } from 'node:crypto';

import {
  MAGIC_BY_EMAIL,
  MAGIC_FLAKY_FAILURES,
  MAGIC_RETRY_AFTER_SECONDS,
  MAGIC_SLOW_DELAY_MS,
  MAGIC_TIMEOUT_DELAY_MS,
  type MagicBehaviour,
} from './magic-contacts';
import type { SandboxReply } from './reply';

export {
  MAGIC_CONTACTS,
  MAGIC_RETRY_AFTER_SECONDS,
  MAGIC_SLOW_DELAY_MS,
  MAGIC_TIMEOUT_DELAY_MS,
  type MagicBehaviour,
} from './magic-contacts';
import type { SandboxStore } from './store';

export function magicBehaviourOf(email: unknown): MagicBehaviour | undefined {
  return typeof email === 'string' ? MAGIC_BY_EMAIL[email.trim().toLowerCase()] : undefined;
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
export async function withMagic(
  target: MagicTarget | undefined,
  store: SandboxStore,
  accountId: number,
  answer: () => Promise<SandboxReply>,
): Promise<SandboxReply> {
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
      const attempt = await store.bump(`magic:flaky:${accountId}:${target.fingerprint}`);
      if (attempt <= MAGIC_FLAKY_FAILURES) {
        return { status: 503, json: { success: false, message: ['Service temporarily unavailable'] } };
      }
      return answer();
    }
    case 'timeout':
      return { ...(await answer()), delayMs: MAGIC_TIMEOUT_DELAY_MS };
    case 'slow':
      return { ...(await answer()), delayMs: MAGIC_SLOW_DELAY_MS };
    case 'malformed': {
      const reply = await answer();
      const text = reply.raw ?? JSON.stringify(reply.json);
      // Half of a JSON object never parses: its closing brace is gone.
      return { status: reply.status, raw: text.slice(0, Math.ceil(text.length / 2)) };
    }
  }
}
