import 'server-only';

import { logError } from '@/lib/log';
import { sweepExportFiles } from './export-files';
import { lastRetentionStart, startRetentionRun } from './retention';

const HOUR_MS = 3_600_000;
export const RETENTION_EVERY_MS = 24 * HOUR_MS;

/**
 * One pass of the console's housekeeping: a retention run when the last one started a day ago or more,
 * and export files past their 24 hours deleted. The last start is read from the database (the jobs
 * table), so a restart neither skips nor repeats a day.
 */
export function maintenanceTick(now = Date.now()): void {
  sweepExportFiles(now);
  const last = lastRetentionStart();
  if (last === null || now - last >= RETENTION_EVERY_MS) startRetentionRun({ id: null, label: 'system' });
}

/** Checks every hour (and once at start); the timer does not keep the process alive. */
export function startMaintenance(everyMs = HOUR_MS): () => void {
  const tick = () => {
    try {
      maintenanceTick();
    } catch (err) {
      logError('maintenance', err);
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
