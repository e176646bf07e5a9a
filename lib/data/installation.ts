import 'server-only';
import { and, eq, isNotNull } from 'drizzle-orm';

import { schema } from '@/db';

import { db } from './engine';
import { getIntegrationRow } from './integrations';
import { lastSandboxVisit } from './sandbox';

/**
 * Whether the monitoring code has been seen running on a page. The sandbox knows: its sm.js reports
 * each page view to the console. SALESmanago's own sm.js reports to SALESmanago, and the console has no
 * way to ask it, so for a real account "seen" is the last page check that found the code (a person's,
 * or the installation re-check's every 6 hours: lib/jobs/installation-checks.ts).
 */
export interface InstallationView {
  detection: 'sandbox' | 'page-check';
  lastSeen: { url: string; at: number } | null;
}

export async function getInstallation(integrationId: number): Promise<InstallationView> {
  const row = await getIntegrationRow(integrationId);
  if (!row.isSandbox) {
    const found = row.installSeenUrl && row.installSeenAt !== null;
    return {
      detection: 'page-check',
      lastSeen: found ? { url: row.installSeenUrl!, at: row.installSeenAt! } : null,
    };
  }
  return { detection: 'sandbox', lastSeen: (await lastSandboxVisit(row.clientId)) ?? null };
}

/**
 * A page check found the monitoring code at `url`: remembered, so the installation re-check (lib/jobs/
 * installation-checks.ts) can look at the same page again, and "monitoring code gone" knows when it
 * was last seen on a real account.
 */
export async function recordCodeSeen(integrationId: number, url: string, at: number): Promise<void> {
  await db()
    .update(schema.integrations)
    .set({ installSeenAt: at, installSeenUrl: url })
    .where(eq(schema.integrations.id, integrationId));
}

/** Real accounts whose code was once found on a page: the pages the re-check fetches again. */
export async function pagesToRecheck(): Promise<Array<{ id: number; url: string }>> {
  const t = schema.integrations;
  const rows = await db()
    .select({ id: t.id, url: t.installSeenUrl })
    .from(t)
    .where(and(eq(t.isSandbox, false), isNotNull(t.installSeenUrl)))
    .orderBy(t.id);
  return rows.map((r) => ({ id: r.id, url: r.url! }));
}
