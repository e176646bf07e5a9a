import 'server-only';
import { NextResponse } from 'next/server';

import { SESSION_COOKIE, sessionCookieAttributes } from '@/lib/auth/cookie';
import { DEVICE_COOKIE, deviceCookieAttributes } from '@/lib/auth/device-cookie';

/*
 * Answers that set or clear the session cookie are never stored by a browser or a proxy: a cached
 * sign-in answer would hand the cookie (and the user) to whoever reads the cache next.
 */

export function withSessionCookie(res: NextResponse, token: string, expiresAt: number): NextResponse {
  res.headers.set('cache-control', 'no-store');
  res.cookies.set(SESSION_COOKIE, token, sessionCookieAttributes(expiresAt));
  return res;
}

export function clearSessionCookie(res: NextResponse): NextResponse {
  res.headers.set('cache-control', 'no-store');
  res.cookies.set(SESSION_COOKIE, '', { ...sessionCookieAttributes(0), maxAge: 0 });
  return res;
}

/** The device cookie that lets this browser keep its own sign-in allowance (lib/auth/login-limit.ts). */
export function withDeviceCookie(res: NextResponse, token: string): NextResponse {
  res.cookies.set(DEVICE_COOKIE, token, deviceCookieAttributes(Date.now()));
  return res;
}
