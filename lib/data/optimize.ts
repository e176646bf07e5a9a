import 'server-only';

import { engineKind, type Db } from '@/db';
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

/** Rows changed on the connection since it opened (SQLite's total_changes()). */
const totalChangesStatement = (client: Db['$client']) => client.prepare('select total_changes()').pluck();
const totalChanges = (client: Db['$client']) => totalChangesStatement(client).get() as number;

/** Pages (about 4 kB each) one step of the search index's merge writes: a few milliseconds each. */
const MERGE_STEP_PAGES = 32;

/**
 * SQLite: merges the search index's b-trees into one (PostgreSQL's trigram index needs nothing of the
 * kind). Every write leaves a b-tree of its own and FTS5 merges them level by level only: an index of a
 * million deliveries written one at a time holds 14, and each trigram of a search walks every one (its
 * candidates cost 15-60 % more than on one b-tree). Migration 0022 merged the index once; this keeps a
 * history that grows by the collector so (1 s in 229 steps at a million, a step 3 ms, at most 25).
 *
 * FTS5's 'merge' command works a few pages per statement, so no write lock is held for long and the
 * event loop is free between steps: the first step, with a negative count, gathers every b-tree into one
 * merge, the next carry that merge on (b-trees written meanwhile wait for the next run), and a step that
 * changes fewer than two rows found nothing left to merge (sqlite.org/fts5.html, the 'merge' command).
 * Returns how many steps ran.
 */
export async function mergeSearchIndex(stepPages = MERGE_STEP_PAGES): Promise<number> {
  if (engineKind() === 'pg') return 0;
  for (let steps = 1; ; steps++) {
    const changed = await withSqliteClient((client) => {
      const before = totalChanges(client);
      client
        .prepare(`insert into deliveries_fts (deliveries_fts, rank) values ('merge', ?)`)
        .run(steps === 1 ? -stepPages : stepPages);
      return totalChanges(client) - before;
    });
    if (changed < 2) return steps;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Refreshes the statistics, then merges the search index, on a timer that does not keep the process
 * alive. Returns a stop function.
 */
export function startOptimizer(everyMs = OPTIMIZE_EVERY_MS): () => void {
  const timer = setInterval(() => {
    optimizeDatabase(false)
      .then(() => mergeSearchIndex())
      .catch((err: unknown) => logError('optimize', err));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
