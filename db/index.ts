import 'server-only';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

import { runMigrations } from './migrate';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens a connection with the pragmas every connection needs, and applies pending migrations. */
export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // Takes effect on a new file (before its first table), so retention's deletions can give disk space
  // back (lib/data/retention-sweep.ts). An older file keeps auto_vacuum=NONE until a VACUUM applies it.
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema }) as Db;
  runMigrations(db);
  return db;
}

// One connection per process, shared by the custom server and Next's bundles through globalThis
// (they are separate module graphs, so a module-level variable would open two).
const globalForDb = globalThis as unknown as { __smDb?: Db; __smDbFile?: string };

/**
 * Names the file `getDb()` opens. db/ knows nothing of the app's configuration (it imports nothing
 * from lib/): whoever starts a process or thread names the file first (lib/data/connection.ts).
 */
export function setDatabaseFile(file: string): void {
  globalForDb.__smDbFile = file;
}

export function getDb(): Db {
  if (!globalForDb.__smDb) {
    const file = globalForDb.__smDbFile;
    if (!file)
      throw new Error('No database file named: call openDatabase() (lib/data/connection.ts) at start.');
    globalForDb.__smDb = openDb(file);
  }
  return globalForDb.__smDb;
}

/** For tests: use this connection instead of the configured file. */
export function setDbForTests(db: Db | undefined): void {
  globalForDb.__smDb = db;
}

export { schema };

/**
 * Runs `fn` in a write transaction that takes SQLite's write lock at BEGIN (IMMEDIATE), waiting through
 * busy_timeout if another connection holds it. The delivery thread has its own connection: a deferred
 * transaction that reads and then writes fails at once (SQLITE_BUSY, no waiting) when the other
 * connection committed in between, so every transaction that writes starts immediate. Called inside
 * another transaction it becomes a savepoint.
 */
export function writeTransaction<T>(fn: () => T): T {
  return getDb().$client.transaction(fn).immediate();
}

/**
 * A statement prepared once per connection, for hot paths where building the query (drizzle) or
 * preparing it (SQLite) each time costs more than running it. Keyed by connection, so tests that swap
 * the connection get their own.
 */
export function preparedStatement<P extends unknown[] | object>(sql: string): () => Database.Statement<P> {
  const cache = new WeakMap<Database.Database, Database.Statement<P>>();
  return () => {
    const client = getDb().$client;
    let statement = cache.get(client);
    if (!statement) {
      statement = client.prepare<P>(sql);
      cache.set(client, statement);
    }
    return statement;
  };
}
