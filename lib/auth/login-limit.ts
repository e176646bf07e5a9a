import 'server-only';

import { createBackoff, type BackoffOptions } from '@/lib/backoff';
import { RateLimitError } from '@/lib/errors';
import type { DeviceToken } from './device-cookie';

/**
 * Limits on guessing passwords that cannot be turned into a lockout of the real user (docs/architecture.md,
 * "Sign-in limits"). A browser holding a valid device cookie for the account is trusted: only its own
 * failures slow it down. Every other attempt is untrusted and waits for both the account's and the
 * address's failures. Waits grow with each failure beyond a free allowance and are capped, so a
 * patient attacker gets a few guesses an hour and the owner is never shut out for long.
 */
const MINUTE = 60_000;
const GROWING = { baseMs: 1000, capMs: 5 * MINUTE, forgetMs: 30 * MINUTE };
export const LOGIN_BACKOFF: Record<'account' | 'address' | 'device', BackoffOptions> = {
  /** Failures from untrusted browsers, per account. */
  account: { free: 10, ...GROWING },
  /** Failures from untrusted browsers, per address, whatever the account (one address trying many). */
  address: { free: 20, ...GROWING },
  /** Failures from one trusted browser on its own account. */
  device: { free: 5, ...GROWING },
};

export interface LoginAttempt {
  email: string;
  ip: string;
  /** A verified device cookie for this same account, when the browser sent one. */
  device?: DeviceToken;
}

export function createLoginLimits() {
  const account = createBackoff(LOGIN_BACKOFF.account);
  const address = createBackoff(LOGIN_BACKOFF.address);
  const device = createBackoff(LOGIN_BACKOFF.device);
  const deviceKey = (a: LoginAttempt) => `${a.email}\n${a.device!.id}`;

  return {
    /** Whole seconds this attempt must still wait (0: it may go ahead). */
    waitSeconds(a: LoginAttempt, now: number): number {
      const wait = a.device
        ? device.waitMs(deviceKey(a), now)
        : Math.max(account.waitMs(a.email, now), address.waitMs(a.ip, now));
      return Math.ceil(wait / 1000);
    },
    recordFailure(a: LoginAttempt, now: number): void {
      if (a.device) return device.fail(deviceKey(a), now);
      account.fail(a.email, now);
      address.fail(a.ip, now);
    },
    /** The address keeps its count: one right password must not refill an attacker's guesses elsewhere. */
    recordSuccess(a: LoginAttempt): void {
      if (a.device) device.reset(deviceKey(a));
      else account.reset(a.email);
    },
  };
}

/** Throws RateLimitError (429 with Retry-After) while the attempt must still wait. */
export function assertLoginAllowed(a: LoginAttempt, now: number): void {
  const seconds = loginLimits.waitSeconds(a, now);
  if (seconds > 0) throw tooMany(seconds);
}

function tooMany(seconds: number): RateLimitError {
  const minutes = Math.ceil(seconds / 60);
  const wait =
    seconds >= 60
      ? `${minutes} minute${minutes > 1 ? 's' : ''}`
      : `${seconds} second${seconds > 1 ? 's' : ''}`;
  return new RateLimitError(`Too many failed sign-ins. Wait ${wait} and try again.`, seconds);
}

// One set per process, shared by Next's and the custom server's module graphs (docs/architecture.md).
// Only counts live there: the error is thrown by the caller's graph, where `instanceof` must hold.
const globalForLimits = globalThis as unknown as { __smLoginBackoff?: ReturnType<typeof createLoginLimits> };
export const loginLimits = (globalForLimits.__smLoginBackoff ??= createLoginLimits());
