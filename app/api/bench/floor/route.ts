import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { config } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const MAX_BYTES = 10 * 1024 * 1024;
/** Bodies kept for `?key=` (one benchmark run's cases); the oldest go first. */
const MAX_BODIES = 200;
const bodies = new Map<string, { text: string; type: string }>();
let kept = 0;

/** Off unless the server was started with BENCH_FLOOR=1, so a console in use does not have it. */
async function floorOn(req: Request): Promise<void> {
  // Signed-in first, like every API route: a stranger learns nothing, not even whether it is on.
  await requireActor(req, 'deliveries:read');
  if (!config().benchFloor) throw new NotFoundError('Not found.');
}

/**
 * The history benchmark's floor (scripts/bench/history.mjs): the same route machinery as the history
 * API (session check, answer, compression) with a constant body and no query. `?bytes=N`: a JSON body of
 * N bytes of padding; `?key=K`: a body given before by POST, answered as it was given (so the floor
 * of a case is its own answer, compressed like it: padding of one letter compresses to nothing).
 */
export const GET = route(async (req) => {
  await floorOn(req);
  const params = new URL(req.url).searchParams;
  const body = bodies.get(params.get('key') ?? '');
  if (body)
    return new Response(body.text, { headers: { 'content-type': body.type, 'cache-control': 'no-store' } });
  const bytes = Math.min(MAX_BYTES, Math.max(0, Number(params.get('bytes')) || 0));
  // {"pad":"…"} is 10 bytes around the padding.
  return json({ pad: 'x'.repeat(Math.max(0, bytes - 10)) });
});

/** Keeps a body (up to 10 MB) for `GET ?key=`; answers its key. */
export const POST = route(async (req) => {
  await floorOn(req);
  const text = (await req.text()).slice(0, MAX_BYTES);
  const key = String(++kept);
  if (bodies.size >= MAX_BODIES) bodies.delete(bodies.keys().next().value!);
  bodies.set(key, { text, type: req.headers.get('content-type') ?? 'application/json; charset=utf-8' });
  return json({ key });
});
