import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';

import { config } from '@/lib/config';
import { signWithAppKey } from '@/lib/crypto';

/**
 * OWASP's device cookie: a browser that signed in to an account gets a signed token naming that
 * account, and keeps its own allowance of failed sign-ins there, so nobody else's failures can lock
 * it out (lib/auth/login-limit.ts). The token is `d1.<email>.<device id>.<issued at>.<MAC>`; the MAC
 * uses a key derived from the app's secret key, so it cannot be made for another account.
 */
export const DEVICE_COOKIE = 'sm_device';
const VERSION = 'd1';
const MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

export interface DeviceToken {
  email: string;
  /** Tells this browser's failures apart from another trusted browser's. */
  id: string;
}

type Sign = (text: string) => string;
const appSign: Sign = (text) => signWithAppKey('device-cookie', text);

export function issueDeviceToken(email: string, now: number, sign: Sign = appSign): string {
  const payload = [
    VERSION,
    Buffer.from(email).toString('base64url'),
    randomBytes(12).toString('base64url'),
    now.toString(36),
  ].join('.');
  return `${payload}.${sign(payload)}`;
}

/** The account and device a token names, or undefined when it is forged, altered or expired. */
export function readDeviceToken(
  token: string | undefined,
  now: number,
  sign: Sign = appSign,
): DeviceToken | undefined {
  if (!token || token.length > 600) return undefined;
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, email, id, issued, mac] = parts as [string, string, string, string, string];
  const expected = Buffer.from(sign(parts.slice(0, 4).join('.')));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const issuedAt = Number.parseInt(issued, 36);
  if (!Number.isFinite(issuedAt) || issuedAt > now || now - issuedAt > MAX_AGE_MS) return undefined;
  return { email: Buffer.from(email, 'base64url').toString(), id };
}

/** Sent to the sign-in API only: no other request needs it. */
export function deviceCookieAttributes(now: number) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config().publicUrl.startsWith('https://'),
    path: '/api/auth/login',
    expires: new Date(now + MAX_AGE_MS),
  };
}
