import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import path from 'node:path';
import type pg from 'pg';

// Resolved from the working directory, like db/migrate.ts: `npm start`, the tests and CI run from the root.
export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations-pg');

/**
 * The advisory lock's key: any constant no other code of ours takes. It is the bigint whose bytes spell
 * "smcmigr" (SALESmanago console migrations), so a person reading pg_locks can tell whose lock it is.
 */
export const MIGRATION_LOCK_KEY = 0x736d636d696772n;

/**
 * Applies db/migrations-pg's pending migrations (issue 17). Several console instances may start at once:
 * each takes a session-level advisory lock on ONE pooled client and migrates while holding it, so the
 * others wait, then find nothing pending (drizzle's migrator reads what was applied only once it holds
 * the lock). The lock is released on the same client (a session lock belongs to its connection), and
 * goes by itself if the process dies, with its connection.
 */
export async function runPgMigrations(pool: pg.Pool, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}
