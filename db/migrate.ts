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

/** The migrations a folder's journal lists, oldest first (drizzle-kit writes it; the migrator applies it). */
export function migrationJournal(folder: string): Array<{ tag: string; when: number }> {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string; when: number }>;
  };
  return journal.entries;
}

/**
 * How many migrations an open SQLite database has recorded as applied; null when it has no migrations
 * table (never migrated, or not a console's database).
 */
export function appliedMigrations(sqlite: Database.Database): number | null {
  const table = sqlite.prepare("select 1 from sqlite_master where name = '__drizzle_migrations'").get();
  return table ? (sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get() as number) : null;
}

/**
 * How many migrations the existing file at `file` has not applied yet (none for a file that does not
 * exist: a new console's migrations take a moment). Read before the file is opened, so the start can
 * say that it is migrating: a migration that rebuilds an index takes minutes on a large history (0022,
 * the search index, took two at ten million deliveries), during which nothing else is logged.
 */
export function pendingMigrations(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Math.max(migrationJournal(MIGRATIONS_FOLDER).length - (appliedMigrations(sqlite) ?? 0), 0);
  } finally {
    sqlite.close();
  }
}
