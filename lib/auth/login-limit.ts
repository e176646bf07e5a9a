import 'server-only';

import { RateLimitError } from '@/lib/errors';
import { createRateLimiter } from '@/lib/rate-limit';

// Failed logins only: 10 per account and 30 per IP, refilled over 15 minutes.
const globalForLimits = globalThis as unknown as {
  __smLoginLimits?: {
    account: ReturnType<typeof createRateLimiter>;
    ip: ReturnType<typeof createRateLimiter>;
  };
};
const limits = (globalForLimits.__smLoginLimits ??= {
  account: createRateLimiter({ capacity: 10, refillPerMinute: 10 / 15 }),
  ip: createRateLimiter({ capacity: 30, refillPerMinute: 30 / 15 }),
});

export function assertLoginAllowed(email: string, ip: string): void {
  const byAccount = limits.account.peek(email);
  const byIp = limits.ip.peek(ip);
  if (!byAccount.ok || !byIp.ok) {
    const wait = Math.max(byAccount.retryAfterSeconds, byIp.retryAfterSeconds);
    throw new RateLimitError(
      `Too many failed sign-ins. Wait ${wait >= 60 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`} and try again.`,
      wait,
    );
  }
}

export function recordLoginFailure(email: string, ip: string): void {
  limits.account.take(email);
  limits.ip.take(ip);
}

export function recordLoginSuccess(email: string): void {
  limits.account.reset(email);
}
