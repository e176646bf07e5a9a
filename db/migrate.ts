import Database from 'better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

// Resolved from the working directory: `npm start`, the tests and CI all run from the repo root.
export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export function runMigrations<T extends Record<string, unknown>>(db: BetterSQLite3Database<T>): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * How many migrations the existing file at `file` has not applied yet (none for a file that does not
 * exist: a new console's migrations take a moment). Read before the file is opened, so the start can
 * say that it is migrating: a migration that rebuilds an index takes minutes on a large history (0022,
 * the search index, took two at ten million deliveries), during which nothing else is logged.
 */
export function pendingMigrations(file: string, migrationsFolder = MIGRATIONS_FOLDER): number {
  if (!fs.existsSync(file)) return 0;
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: unknown[];
  };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where name = '__drizzle_migrations'").get();
    const applied = table
      ? (db.prepare('select count(*) from __drizzle_migrations').pluck().get() as number)
      : 0;
    return Math.max(journal.entries.length - applied, 0);
  } finally {
    db.close();
  }
}
