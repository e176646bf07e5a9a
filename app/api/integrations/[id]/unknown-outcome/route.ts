import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { setUnknownOutcome } from '@/lib/data/integrations';

export const dynamic = 'force-dynamic';

const LABEL = { ask: 'ask me', retry: 'retry automatically' } as const;

/**
 * After an answer that leaves unknown whether SALESmanago stored an event: ask a person, or retry
 * automatically, for value-bearing types and for the others. Whoever may retry deliveries decides it.
 */
export const PUT = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(req, 'deliveries:retry');
  const id = idParam((await ctx.params).id);
  const view = await setUnknownOutcome(id, await readJson(req, 4 * 1024), actor.role);
  const p = view.unknownOutcome;
  await audit(
    actor.audit,
    'integration.unknown_outcome',
    `Unclear answers on “${view.name}”: orders and other value types — ${LABEL[p.valueTypes]}; other types — ${LABEL[p.otherTypes]}.`,
    { type: 'integration', id },
    { ...p },
  );
  return json(view);
});
