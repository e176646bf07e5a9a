import { z } from 'zod';

import { idParam, json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { collectorUrl } from '@/lib/data/collector-view';
import { getIntegrationRow } from '@/lib/data/integrations';
import { ValidationError } from '@/lib/errors';
import { renderEventSnippet } from '@/lib/salesmanago/event-snippet';
import { EVENT_TYPES } from '@/lib/salesmanago/event-types';
import { fieldErrorsOf } from '@/lib/validations/common';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  type: z
    .string({ error: 'Choose the event type, e.g. ?type=CART.' })
    .transform((t) => t.toUpperCase())
    .pipe(z.enum(EVENT_TYPES, { error: 'Unknown event type.' })),
  format: z
    .enum(['readable', 'minified'], { error: 'format must be readable or minified.' })
    .default('readable'),
});

/** `GET /api/integrations/:id/event-snippet?type=CART` → `{html}`: the website's script for one type. */
export const GET = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'integrations:read');
  const row = await getIntegrationRow(idParam((await ctx.params).id));
  const sp = new URL(req.url).searchParams;
  const parsed = querySchema.safeParse({
    type: sp.get('type') ?? undefined,
    format: sp.get('format') ?? undefined,
  });
  if (!parsed.success)
    throw new ValidationError(parsed.error.issues[0]!.message, fieldErrorsOf(parsed.error));
  const html = renderEventSnippet({
    collectorUrl: collectorUrl(row.collectorKey),
    type: parsed.data.type,
    format: parsed.data.format,
  });
  return json({
    html,
    type: parsed.data.type,
    format: parsed.data.format,
    collectorEnabled: row.collectorEnabled,
  });
});
