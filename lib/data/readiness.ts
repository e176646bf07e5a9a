import 'server-only';

import { sql } from 'drizzle-orm';

import { engineKind } from '@/db';
import { migrationJournal, MIGRATIONS_FOLDER } from '@/db/migrate';
import { PG_MIGRATIONS_FOLDER } from '@/db/migrate-pg';
import type { Readiness } from '@/lib/health';
import { isDraining } from '@/lib/shutdown';
import { driverErrorCode, isUndefinedTable, rawRows } from './engine';

/**
 * Whether this instance should get requests, for /readyz (lib/health.ts answers it; issue 18): not while
 * draining (lib/shutdown.ts); the database must answer a trivial query within a second, asked every time
 * (on PostgreSQL through the pool, on SQLite the process's connection); and it must have every migration
 * this build ships, asked until once answered yes. The reasons name no address or password: only an
 * error's code.
 */

/** How long the database may take to answer before the instance counts as not ready. */
export const READY_TIMEOUT_MS = 1000;

// Once every migration was found applied it stays so for this process: only a newer build adds any.
let migrationsApplied = false;

/** For tests: ask about migrations again. */
export function forgetMigrationsForTests(): void {
  migrationsApplied = false;
}

/**
 * The engine's newest migration, from the journal its migrator applies (db/migrate.ts, db/migrate-pg.ts):
 * its tag, and the time drizzle records for it in the migrations table once applied (`when`).
 */
function newestMigration(): { tag: string; when: number } {
  const folder = engineKind() === 'pg' ? PG_MIGRATIONS_FOLDER : MIGRATIONS_FOLDER;
  const newest = migrationJournal(folder).at(-1);
  if (!newest) throw new Error(`${folder} has no migrations.`);
  return newest;
}

/**
 * The tag of the newest migration this build ships when the database has not recorded it, else undefined.
 * drizzle's migrator records each migration with its journal's `when`, and applies those newer than the
 * newest recorded, so the newest recorded at least as new as the journal's last means all are applied.
 * No migrations table (a database never migrated) means none is.
 */
async function missingMigration(): Promise<string | undefined> {
  const newest = newestMigration();
  const table = engineKind() === 'pg' ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  let row: { newest: number | null } | undefined;
  try {
    [row] = await rawRows<{ newest: number | null }>(sql`select max(created_at) as newest from ${table}`);
  } catch (err) {
    // A database never migrated has no record of migrations at all: every one is missing.
    if (isUndefinedTable(err)) return newest.tag;
    throw err;
  }
  return Number(row?.newest ?? 0) >= newest.when ? undefined : newest.tag;
}

class NoAnswer extends Error {}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Why the database could not be used, without its address: the driver's error code, or that it was silent. */
function unreachable(err: unknown, ms: number): Readiness {
  if (err instanceof NoAnswer) return { ready: false, reason: `the database did not answer within ${ms} ms` };
  const code = driverErrorCode(err);
  return { ready: false, reason: `the database could not be reached${code ? ` (${code})` : ''}` };
}

export async function checkReadiness(timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
  const draining: Readiness = { ready: false, reason: 'draining: this instance is shutting down' };
  if (isDraining()) return draining;
  try {
    await withinTime(rawRows(sql`select 1 as one`), timeoutMs);
    if (!migrationsApplied) {
      const missing = await withinTime(missingMigration(), timeoutMs);
      if (missing)
        return { ready: false, reason: `migrations missing: the database has not applied ${missing}` };
      migrationsApplied = true;
    }
  } catch (err) {
    return unreachable(err, timeoutMs);
  }
  // A shutdown may have begun while the database answered.
  return isDraining() ? draining : { ready: true };
}
