import { NextResponse } from 'next/server';

import { route } from '@/lib/api/respond';
import { clearSessionCookie } from '@/lib/api/session-cookie';
import { readCookie, SESSION_COOKIE } from '@/lib/auth/cookie';
import { requireActor } from '@/lib/auth/guard';
import { deleteSession } from '@/lib/data/sessions';

export const dynamic = 'force-dynamic';

export const POST = route(async (req) => {
  await requireActor(req);
  const token = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  if (token) await deleteSession(token);
  return clearSessionCookie(NextResponse.json({ ok: true }));
});
