/**
 * The collector's two token buckets (lib/rate-limit.ts): one per allowed origin of an integration, one per
 * client IP. In memory, per instance: a database write per request would cost the collector its speed, so
 * N instances behind a load balancer allow up to N × each limit (docs/architecture.md, "Per-instance
 * state"), and a restart refills the buckets (acceptable for abuse protection).
 */
import { createRateLimiter, type RateLimitDecision, type RateLimiter } from '@/lib/rate-limit';

export type CollectorLimiters = { perOrigin: RateLimiter; perIp: RateLimiter };

export function createCollectorLimiters(
  opts: {
    perOriginPerMinute?: number;
    perIpPerMinute?: number;
    perOriginBurst?: number;
    perIpBurst?: number;
  } = {},
): CollectorLimiters {
  const perOriginPerMinute = opts.perOriginPerMinute ?? 600;
  const perIpPerMinute = opts.perIpPerMinute ?? 120;
  return {
    // Bursts default to a minute's worth: a sale or a newsletter sends many shoppers at once.
    perOrigin: createRateLimiter({
      capacity: opts.perOriginBurst ?? perOriginPerMinute,
      refillPerMinute: perOriginPerMinute,
    }),
    perIp: createRateLimiter({
      capacity: opts.perIpBurst ?? perIpPerMinute,
      refillPerMinute: perIpPerMinute,
    }),
  };
}

/**
 * Takes one token per request from both buckets, or none: peeking first keeps a request refused by one
 * bucket from spending the other. The origin bucket is per integration, so two integrations that allow the
 * same site do not share a budget; the IP bucket is global: an address flooding several keys is one flood.
 */
export function takeCollectorTokens(
  limiters: CollectorLimiters,
  integrationId: number,
  origin: string,
  ip: string,
  now: number,
): { message: string; retryAfterSeconds: number } | undefined {
  const originKey = `${integrationId} ${origin}`;
  const byOrigin: RateLimitDecision = limiters.perOrigin.peek(originKey, now);
  const byIp: RateLimitDecision = limiters.perIp.peek(ip, now);
  if (byOrigin.ok && byIp.ok) {
    limiters.perOrigin.take(originKey, now);
    limiters.perIp.take(ip, now);
    return undefined;
  }
  const retryAfterSeconds = Math.max(byOrigin.retryAfterSeconds, byIp.retryAfterSeconds);
  const who = byOrigin.ok ? 'your address' : quote(origin);
  return {
    message: `Too many events from ${who}. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    retryAfterSeconds,
  };
}

function quote(value: string, max = 100): string {
  return `"${value.length > max ? `${value.slice(0, max)}…` : value}"`;
}
