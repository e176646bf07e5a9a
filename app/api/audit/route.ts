import { z } from 'zod';

import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { listAudit } from '@/lib/data/audit';
import { ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validations/common';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z_.]*$/, { error: 'action holds letters, dots and underscores only.' })
    .optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const GET = route(async (req) => {
  await requireActor(req, 'audit:read');
  const sp = new URL(req.url).searchParams;
  const parsed = querySchema.safeParse(
    Object.fromEntries(['action', 'cursor', 'limit'].flatMap((k) => (sp.get(k) ? [[k, sp.get(k)]] : []))),
  );
  if (!parsed.success)
    throw new ValidationError(parsed.error.issues[0]!.message, fieldErrorsOf(parsed.error));
  return json(await listAudit(parsed.data));
});
