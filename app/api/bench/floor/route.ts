import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { config } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * The history benchmark's floor (scripts/bench/history.mjs): the same route machinery as the history
 * API (session check, JSON answer) with a constant body of the requested size and no query. Off unless
 * the server was started with BENCH_FLOOR=1, so a console in use does not have it.
 */
export const GET = route(async (req) => {
  // Signed-in first, like every API route: a stranger learns nothing, not even whether it is on.
  await requireActor(req, 'deliveries:read');
  if (!config().benchFloor) throw new NotFoundError('Not found.');
  const bytes = Math.min(MAX_BYTES, Math.max(0, Number(new URL(req.url).searchParams.get('bytes')) || 0));
  // {"pad":"…"} is 10 bytes around the padding.
  return json({ pad: 'x'.repeat(Math.max(0, bytes - 10)) });
});
