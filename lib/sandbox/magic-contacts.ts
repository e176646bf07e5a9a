// The magic contacts as data (no Node imports), so the composer screen can document them in the browser.
// lib/sandbox/magic.ts applies them.

export type MagicBehaviour = 'timeout' | 'server-error' | 'malformed' | 'slow' | 'flaky' | 'rate-limit';

/** Longer than the console's request timeout, so the console gives up first. */
export const MAGIC_TIMEOUT_DELAY_MS = 30_000;
export const MAGIC_SLOW_DELAY_MS = 1_500;
/** How many times the flaky contact fails the same event before it succeeds. */
export const MAGIC_FLAKY_FAILURES = 2;
export const MAGIC_RETRY_AFTER_SECONDS = 2;

export const MAGIC_BY_EMAIL: Record<string, MagicBehaviour> = {
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
    // The event is stored but the console cannot know it: what it records depends on the type and the
    // integration's setting (lib/salesmanago/duplicates.ts), so both paths are named for a marketer to try.
    outcome:
      'A timeout, but the sandbox kept the event. By default a PURCHASE (or another order, payment, booking or loan) waits in Needs attention as "may already be in SALESmanago" until you send it again or mark it as delivered; a VISIT or any other type is retried later, and each retry adds it again. The integration\'s "When SALESmanago gives no clear answer" setting switches either group to the other path.',
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
      'An answer that could not be read, but the sandbox kept the event: handled like the timeout contact (by default a PURCHASE waits for your decision, a VISIT is retried).',
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
