import 'server-only';
import { NextResponse } from 'next/server';

import { SESSION_COOKIE, sessionCookieAttributes } from '@/lib/auth/cookie';

export function withSessionCookie(res: NextResponse, token: string, expiresAt: number): NextResponse {
  res.cookies.set(SESSION_COOKIE, token, sessionCookieAttributes(expiresAt));
  return res;
}

export function clearSessionCookie(res: NextResponse): NextResponse {
  res.cookies.set(SESSION_COOKIE, '', { ...sessionCookieAttributes(0), maxAge: 0 });
  return res;
}
