import { NextResponse } from 'next/server';

import { readJson, route } from '@/lib/api/respond';
import { withSessionCookie } from '@/lib/api/session-cookie';
import { refuseCrossSiteWrite } from '@/lib/auth/guard';
import { setupFirstAdmin } from '@/lib/auth/login';

export const dynamic = 'force-dynamic';

/** Creates the first admin; refused (403) once any user exists. */
export const POST = route(async (req) => {
  refuseCrossSiteWrite(req);
  const { user, token, expiresAt } = await setupFirstAdmin(await readJson(req, 8 * 1024));
  return withSessionCookie(NextResponse.json({ user }, { status: 201 }), token, expiresAt);
});
