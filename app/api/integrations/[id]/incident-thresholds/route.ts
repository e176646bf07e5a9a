import { idParam, json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { getIncidentThresholds, setIncidentThresholds } from '@/lib/data/incident-thresholds';
import { getIntegrationRow } from '@/lib/data/integrations';
import type { IncidentThresholds } from '@/lib/validations/incident';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** When this integration's incidents open (defaults until an admin changes them). */
export const GET = route(async (req, ctx: Ctx) => {
  await requireActor(req, 'integrations:read');
  return json(await getIncidentThresholds(idParam((await ctx.params).id)));
});

const LABELS: Record<keyof IncidentThresholds, string> = {
  failureRatePercent: 'failure rate %',
  failureRateMinDeliveries: 'of at least (deliveries)',
  failureRateWindowMinutes: 'window (minutes)',
  backlogMinutes: 'waiting (minutes)',
  websiteSilentHours: 'website silent (hours)',
  snippetGoneHours: 'monitoring code gone (hours)',
};

/** Replaces them all (admins; 422 and nothing saved when one is out of range). Audited with what changed. */
export const PUT = route(async (req, ctx: Ctx) => {
  const actor = await requireActor(req, 'incidents:configure');
  const id = idParam((await ctx.params).id);
  const { name } = await getIntegrationRow(id);
  const { before, after } = await setIncidentThresholds(id, await readJson(req, 4 * 1024));
  const changes = (Object.keys(LABELS) as Array<keyof IncidentThresholds>)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${LABELS[k]} ${before[k]} → ${after[k]}`);
  await audit(
    actor.audit,
    'integration.incident_thresholds',
    `Incident thresholds of “${name}”: ${changes.length ? changes.join(', ') : 'saved unchanged'}.`,
    { type: 'integration', id },
    after,
  );
  return json(after);
});
