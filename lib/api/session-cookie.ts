import 'server-only';
import { NextResponse } from 'next/server';

import { SESSION_COOKIE, sessionCookieAttributes } from '@/lib/auth/cookie';
import { DEVICE_COOKIE, deviceCookieAttributes } from '@/lib/auth/device-cookie';

export function withSessionCookie(res: NextResponse, token: string, expiresAt: number): NextResponse {
  res.cookies.set(SESSION_COOKIE, token, sessionCookieAttributes(expiresAt));
  return res;
}

export function clearSessionCookie(res: NextResponse): NextResponse {
  res.cookies.set(SESSION_COOKIE, '', { ...sessionCookieAttributes(0), maxAge: 0 });
  return res;
}

/** The device cookie that lets this browser keep its own sign-in allowance (lib/auth/login-limit.ts). */
export function withDeviceCookie(res: NextResponse, token: string): NextResponse {
  res.cookies.set(DEVICE_COOKIE, token, deviceCookieAttributes(Date.now()));
  return res;
}
