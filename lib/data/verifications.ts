import 'server-only';
import { desc, eq } from 'drizzle-orm';

import { schema } from '@/db';
import type { VerificationTrigger } from '@/db/enums';

import { db } from './engine';

export interface VerificationHistoryItem {
  id: number;
  at: number;
  ok: boolean;
  trigger: VerificationTrigger;
  /** The first failed check's sentence; null when every check passed. */
  message: string | null;
}

/** Appends a credential check to the integration's history (saveVerification calls it). */
export async function recordVerification(
  integrationId: number,
  at: number,
  trigger: VerificationTrigger,
  result: { ok: boolean; checks: Array<{ ok: boolean; notChecked?: true; message: string }> },
): Promise<void> {
  const failed = result.checks.find((c) => !c.ok && !c.notChecked);
  await db()
    .insert(schema.verifications)
    .values({
      integrationId,
      at,
      ok: result.ok,
      trigger,
      message: result.ok ? null : (failed?.message ?? null),
    });
}

/** The newest checks of an integration first. */
export async function listVerifications(
  integrationId: number,
  limit = 10,
): Promise<VerificationHistoryItem[]> {
  const v = schema.verifications;
  return db()
    .select({ id: v.id, at: v.at, ok: v.ok, trigger: v.trigger, message: v.message })
    .from(v)
    .where(eq(v.integrationId, integrationId))
    .orderBy(desc(v.id))
    .limit(limit);
}
