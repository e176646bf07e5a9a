import 'server-only';
import { eq } from 'drizzle-orm';

import { schema } from '@/db';
import { db } from './engine';
import type { IntegrationView } from './integrations';

// Kept on the server, not in the browser: the screens choose their starting integration while they render,
// so the first paint is already right (no flash, no hydration mismatch) and it follows the user between
// browsers.

/** Remembers where this user just sent or imported; tokens (automation) leave it alone. */
export async function rememberIntegration(userId: number | null, integrationId: number): Promise<void> {
  if (!userId) return;
  await db()
    .update(schema.users)
    .set({ lastIntegrationId: integrationId })
    .where(eq(schema.users.id, userId));
}

/**
 * Where Send event and Backfill start: the integration this user last used, else the only verified one,
 * else a verified real one, else the first real one (the sandbox last), else none.
 */
export async function startIntegrationId(
  userId: number,
  integrations: IntegrationView[],
): Promise<number | null> {
  const [row] = await db()
    .select({ id: schema.users.lastIntegrationId })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .limit(1);
  const last = row?.id;
  if (last && integrations.some((i) => i.id === last)) return last;
  const verified = integrations.filter((i) => i.verification?.status === 'ok');
  if (verified.length === 1) return verified[0]!.id;
  const real = (list: IntegrationView[]) => list.find((i) => !i.isSandbox);
  return (real(verified) ?? real(integrations) ?? integrations[0])?.id ?? null;
}
