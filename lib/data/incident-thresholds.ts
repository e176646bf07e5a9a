import 'server-only';
import { eq } from 'drizzle-orm';

import { schema } from '@/db';
import { NotFoundError } from '@/lib/errors';
import { incidentThresholdsSchema, thresholdsOf, type IncidentThresholds } from '@/lib/validations/incident';
import { parseOrThrow } from '@/lib/validations/parse';
import { affectedRows, db } from './engine';

const NO_INTEGRATION = 'This integration does not exist (it may have been deleted).';

/** An integration's thresholds (the defaults where it set none); 404 when there is no such integration. */
export async function getIncidentThresholds(integrationId: number): Promise<IncidentThresholds> {
  const t = schema.integrations;
  const [row] = await db()
    .select({ thresholds: t.incidentThresholds })
    .from(t)
    .where(eq(t.id, integrationId))
    .limit(1);
  if (!row) throw new NotFoundError(NO_INTEGRATION);
  return thresholdsOf(row.thresholds);
}

/** Replaces an integration's thresholds (422 and nothing written when any is out of range). */
export async function setIncidentThresholds(
  integrationId: number,
  input: unknown,
): Promise<{ before: IncidentThresholds; after: IncidentThresholds }> {
  const after = parseOrThrow(incidentThresholdsSchema, input);
  const before = await getIncidentThresholds(integrationId);
  const t = schema.integrations;
  const result = await db()
    .update(t)
    .set({ incidentThresholds: after, updatedAt: Date.now() })
    .where(eq(t.id, integrationId));
  // Deleted between the two statements: the same answer as before the read.
  if (!affectedRows(result)) throw new NotFoundError(NO_INTEGRATION);
  return { before, after };
}
