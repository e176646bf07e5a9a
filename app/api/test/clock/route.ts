import { z } from 'zod';

import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { clockNow, moveTestClock } from '@/lib/clock';
import { config } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';
import { runScheduleNow } from '@/lib/jobs/schedule';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

const moveSchema = z.union([
  z.strictObject({
    advanceMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3_600_000),
  }),
  z.strictObject({ reset: z.literal(true) }),
]);

/**
 * The end-to-end suite's clock (lib/clock.ts): `{ "advanceMs" }` moves the timers' clock forward,
 * `{ "reset": true }` back to the real time; either way the ticks then due run before the answer
 * `{ now, ran }`. 404 unless the server was started with TEST_CLOCK=1, so a console in use has none.
 */
export const POST = route(async (req) => {
  // Signed-in first, like every API route: a stranger learns nothing, not even whether it is on.
  await requireActor(req, 'clock:move');
  if (!config().testClock) throw new NotFoundError('Not found.');
  const change = parseOrThrow(moveSchema, await readJson(req, 1024));
  moveTestClock(change);
  const ran = await runScheduleNow({ clockWentBack: 'reset' in change });
  return json({ now: clockNow(), ran });
});
