import { NextResponse } from 'next/server';

import { clientIp } from '@/lib/api/client-ip';
import { readJson, route } from '@/lib/api/respond';
import { withSessionCookie } from '@/lib/api/session-cookie';
import { refuseCrossSiteWrite } from '@/lib/auth/guard';
import { login } from '@/lib/auth/login';

export const dynamic = 'force-dynamic';

export const POST = route(async (req) => {
  refuseCrossSiteWrite(req);
  const { user, token, expiresAt } = await login(await readJson(req, 8 * 1024), clientIp(req));
  return withSessionCookie(NextResponse.json({ user }), token, expiresAt);
});
