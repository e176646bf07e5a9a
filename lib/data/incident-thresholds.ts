import 'server-only';
import { eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import { incidentThresholdsSchema, thresholdsOf, type IncidentThresholds } from '@/lib/validations/incident';
import { parseOrThrow } from '@/lib/validations/parse';
import { getIntegrationRow } from './integrations';

export function getIncidentThresholds(integrationId: number): IncidentThresholds {
  return thresholdsOf(getIntegrationRow(integrationId).incidentThresholds);
}

/** Replaces an integration's thresholds (422 and nothing written when any is out of range). */
export function setIncidentThresholds(
  integrationId: number,
  input: unknown,
): { before: IncidentThresholds; after: IncidentThresholds } {
  const after = parseOrThrow(incidentThresholdsSchema, input);
  const before = getIncidentThresholds(integrationId);
  getDb()
    .update(schema.integrations)
    .set({ incidentThresholds: after, updatedAt: Date.now() })
    .where(eq(schema.integrations.id, integrationId))
    .run();
  return { before, after };
}
