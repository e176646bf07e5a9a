/** Constants of batching; kept apart from batch.ts so the plan stays pure. */
/** Below this many due events for one integration, single sends answer faster and say more. */
export const BATCH_MIN = 5;

export interface Due {
  id: number;
  integrationId: number | null;
  operation: string;
  noBatch: boolean;
}

/**
 * Splits due deliveries into batches (many adds for one integration) and single sends (updates, the
 * few, and those a batch could not account for).
 */
export function planSends(
  due: Due[],
  batchSize: number,
  batchMin = BATCH_MIN,
): { batches: number[][]; singles: number[] } {
  const byIntegration = new Map<number, number[]>();
  const singles: number[] = [];
  for (const d of due) {
    if (d.operation !== 'add' || d.noBatch || d.integrationId === null) singles.push(d.id);
    else byIntegration.set(d.integrationId, [...(byIntegration.get(d.integrationId) ?? []), d.id]);
  }
  const batches: number[][] = [];
  for (const ids of byIntegration.values()) {
    if (ids.length < batchMin) singles.push(...ids);
    else for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
  }
  // A batch tail too small to be worth a batch goes alone.
  const last = batches.at(-1);
  if (last && last.length < batchMin && batches.length > 1) singles.push(...batches.pop()!);
  return { batches, singles };
}
