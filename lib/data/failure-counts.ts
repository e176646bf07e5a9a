import 'server-only';
import { and, eq, lt, lte, sql } from 'drizzle-orm';

import { schema } from '@/db';
import { db } from './engine';

/**
 * Failures counted per scope and key (`failure_counts`): the store under lib/auth/backoff.ts's growing
 * waits. In the database on both engines, so a restart keeps them and every instance counts the same
 * failures; each write is one statement, so two instances failing at once never lose a count.
 */
export interface Failures {
  count: number;
  /** The last failure, epoch ms. */
  lastAt: number;
}

const f = schema.failureCounts;

export async function readFailures(scope: string, key: string): Promise<Failures | undefined> {
  const [row] = await db()
    .select({ count: f.count, lastAt: f.lastAt })
    .from(f)
    .where(and(eq(f.scope, scope), eq(f.key, key)))
    .limit(1);
  return row;
}

/**
 * Counts one failure at `now`, starting over at 1 when the last one is `forgetMs` old or older: one
 * upsert, so concurrent failures of one key (two instances, two requests) each add theirs. Rows of the
 * scope that have been quiet that long are deleted on the way, so the table holds only live counts.
 */
export async function addFailure(scope: string, key: string, now: number, forgetMs: number): Promise<void> {
  await db()
    .insert(f)
    .values({ scope, key, count: 1, lastAt: now })
    .onConflictDoUpdate({
      target: [f.scope, f.key],
      set: {
        count: sql`case when excluded.last_at - ${f.lastAt} >= ${forgetMs} then 1 else ${f.count} + 1 end`,
        // The later of the two: an instance whose failure arrives late must not shorten the wait.
        lastAt: sql`case when excluded.last_at > ${f.lastAt} then excluded.last_at else ${f.lastAt} end`,
      },
    });
  await db()
    .delete(f)
    .where(and(eq(f.scope, scope), lte(f.lastAt, now - forgetMs)));
}

export async function clearFailures(scope: string, key: string): Promise<void> {
  await db()
    .delete(f)
    .where(and(eq(f.scope, scope), eq(f.key, key)));
}

/**
 * Deletes every count whose last failure is older than `before`, whatever its scope: the hourly sweep
 * for scopes that see no new failure (each scope also deletes its own quiet rows when it counts one).
 */
export async function deleteFailuresBefore(before: number): Promise<void> {
  await db().delete(f).where(lt(f.lastAt, before));
}
