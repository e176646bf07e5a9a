import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import path from 'node:path';

// Resolved from the working directory: `npm start`, the tests and CI all run from the repo root.
export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export function runMigrations<T extends Record<string, unknown>>(db: BetterSQLite3Database<T>): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
