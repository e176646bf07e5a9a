import { NextResponse } from 'next/server';

import { clientIp } from '@/lib/api/client-ip';
import { readJson, route } from '@/lib/api/respond';
import { withDeviceCookie, withSessionCookie } from '@/lib/api/session-cookie';
import { readCookie } from '@/lib/auth/cookie';
import { DEVICE_COOKIE } from '@/lib/auth/device-cookie';
import { refuseCrossSiteWrite } from '@/lib/auth/guard';
import { login } from '@/lib/auth/login';

export const dynamic = 'force-dynamic';

export const POST = route(async (req) => {
  refuseCrossSiteWrite(req);
  const device = readCookie(req.headers.get('cookie'), DEVICE_COOKIE);
  const { user, token, expiresAt, deviceToken } = await login(
    await readJson(req, 8 * 1024),
    clientIp(req),
    device,
  );
  return withDeviceCookie(withSessionCookie(NextResponse.json({ user }), token, expiresAt), deviceToken);
});
