import 'server-only';

import { RateLimitError } from '@/lib/errors';
import { createBackoff, type BackoffOptions } from './backoff';
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
  const account = createBackoff('account', LOGIN_BACKOFF.account);
  const address = createBackoff('address', LOGIN_BACKOFF.address);
  const device = createBackoff('device', LOGIN_BACKOFF.device);
  const deviceKey = (a: LoginAttempt) => `${a.email}\n${a.device!.id}`;

  return {
    /** Whole seconds this attempt must still wait (0: it may go ahead). */
    async waitSeconds(a: LoginAttempt, now: number): Promise<number> {
      const wait = a.device
        ? await device.waitMs(deviceKey(a), now)
        : Math.max(await account.waitMs(a.email, now), await address.waitMs(a.ip, now));
      return Math.ceil(wait / 1000);
    },
    async recordFailure(a: LoginAttempt, now: number): Promise<void> {
      if (a.device) return device.fail(deviceKey(a), now);
      await account.fail(a.email, now);
      await address.fail(a.ip, now);
    },
    /** The address keeps its count: one right password must not refill an attacker's guesses elsewhere. */
    async recordSuccess(a: LoginAttempt): Promise<void> {
      if (a.device) await device.reset(deviceKey(a));
      else await account.reset(a.email);
    },
  };
}

/** Throws RateLimitError (429 with Retry-After) while the attempt must still wait. */
export async function assertLoginAllowed(a: LoginAttempt, now: number): Promise<void> {
  const seconds = await loginLimits.waitSeconds(a, now);
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

// No state of its own: the counts are rows (lib/data/failure-counts.ts), shared by Next's and the custom
// server's module graphs, by restarts and by every instance on one PostgreSQL.
export const loginLimits = createLoginLimits();
