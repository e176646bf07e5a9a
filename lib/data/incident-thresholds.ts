import 'server-only';
import { eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { incidentThresholdsSchema, thresholdsOf, type IncidentThresholds } from '@/lib/validations/incident';
import { parseOrThrow } from '@/lib/validations/parse';
import { getIntegrationRowSync } from './integrations';

function getIncidentThresholdsSync(integrationId: number): IncidentThresholds {
  return thresholdsOf(getIntegrationRowSync(integrationId).incidentThresholds);
}

export async function getIncidentThresholds(integrationId: number): Promise<IncidentThresholds> {
  return getIncidentThresholdsSync(integrationId);
}

/** Replaces an integration's thresholds (422 and nothing written when any is out of range). */
export async function setIncidentThresholds(
  integrationId: number,
  input: unknown,
): Promise<{ before: IncidentThresholds; after: IncidentThresholds }> {
  const after = parseOrThrow(incidentThresholdsSchema, input);
  const before = getIncidentThresholdsSync(integrationId);
  getDb()
    .update(schema.integrations)
    .set({ incidentThresholds: after, updatedAt: Date.now() })
    .where(eq(schema.integrations.id, integrationId))
    .run();
  return { before, after };
}
