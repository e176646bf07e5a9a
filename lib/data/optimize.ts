import 'server-only';

import { engineKind } from '@/db';
import { logError } from '@/lib/log';
import { withSqliteClient } from './engine';

/** How often a long-running console refreshes the planner's statistics (SQLite suggests a few hours). */
export const OPTIMIZE_EVERY_MS = 6 * 3_600_000;

/**
 * SQLite's advice for long-lived connections (sqlite.org/lang_analyze.html, "Recommended usage"): run
 * `PRAGMA optimize=0x10002` when the connection opens (look at every table, with a bounded sample, so a
 * large history costs milliseconds) and plain `PRAGMA optimize` every few hours after. Without fresh
 * statistics the planner guesses, and the history's plans are tested to hold with statistics present
 * (query-plans.test.ts), not without.
 */
export async function optimizeDatabase(atOpen: boolean): Promise<void> {
  // PostgreSQL's autovacuum keeps its statistics (ANALYZE) by itself.
  if (engineKind() === 'pg') return;
  await withSqliteClient((client) => client.pragma(atOpen ? 'optimize = 0x10002' : 'optimize'));
}

/** Refreshes the statistics on a timer that does not keep the process alive. Returns a stop function. */
export function startOptimizer(everyMs = OPTIMIZE_EVERY_MS): () => void {
  const timer = setInterval(() => {
    optimizeDatabase(false).catch((err: unknown) => logError('optimize', err));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
