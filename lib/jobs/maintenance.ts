import 'server-only';

import { deleteFailuresBefore } from '@/lib/data/failure-counts';
import { sweepExportFiles } from './export-files';
import { lastRetentionStart, startRetentionRun } from './retention';

export const MAINTENANCE_EVERY_MS = 3_600_000;
export const RETENTION_EVERY_MS = 24 * MAINTENANCE_EVERY_MS;
/** Failure counts quiet this long are deleted: every sign-in limit forgets its counts well before. */
export const FAILURES_KEPT_MS = 24 * MAINTENANCE_EVERY_MS;

/**
 * One pass of the console's housekeeping: a retention run when the last one started a day ago or more,
 * export files past their 24 hours deleted, and failure counts (sign-in limits) quiet for a day deleted. The last start is read from the database (the jobs
 * table), so a restart neither skips nor repeats a day. Runs hourly as a scheduled tick (timers.ts).
 */
export async function maintenanceTick(now = Date.now()): Promise<void> {
  await sweepExportFiles(now);
  await deleteFailuresBefore(now - FAILURES_KEPT_MS);
  const last = await lastRetentionStart();
  if (last === null || now - last >= RETENTION_EVERY_MS)
    await startRetentionRun({ id: null, label: 'system' });
}
