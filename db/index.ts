import 'server-only';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import fs from 'node:fs';
import path from 'node:path';

import { runMigrations } from './migrate';
import type { PgHandle } from './pg';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema.pg';
import { asyncSqlite, type AsyncSqliteDb } from './sqlite-async';
import { SqliteGate } from './sqlite-gate';

export { pendingMigrations } from './migrate';

export type Db = BetterSQLite3Database<typeof sqliteSchema> & { $client: Database.Database };

/** The page cache of each connection, in KiB (32 MB): at most that much memory per connection. */
const PAGE_CACHE_KIB = 32_768;

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
  // SQLite's own page cache, per connection (a process has one, its delivery thread another), filled as
  // pages are read and rebuilt from the file after a restart. The default 2 MB holds no working set of a
  // history of a million deliveries: a direct CSV of its 2,785 failed rows read each scattered page from
  // the file again, 15–24 ms, against 7–8 ms once its 11 MB of pages stay here.
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const db = drizzle(sqlite, { schema: sqliteSchema }) as Db;
  runMigrations(db);
  return db;
}

// One connection per process, shared by the custom server and Next's bundles through globalThis
// (they are separate module graphs, so a module-level variable would open two).
const globalForDb = globalThis as unknown as { __smDb?: Db; __smDbFile?: string; __smPg?: PgHandle };

/**
 * Names the file `getDb()` opens. db/ knows nothing of the app's configuration (it imports nothing
 * from lib/): whoever starts a process or thread names the file first (lib/data/connection.ts).
 */
export function setDatabaseFile(file: string): void {
  globalForDb.__smDbFile = file;
}

function sqliteConnection(): Db {
  if (globalForDb.__smPg)
    throw new Error(
      'The SQLite connection was asked for on PostgreSQL: this code must go through lib/data/engine.ts.',
    );
  if (!globalForDb.__smDb) {
    const file = globalForDb.__smDbFile;
    if (!file)
      throw new Error('No database file named: call openDatabase() (lib/data/connection.ts) at start.');
    globalForDb.__smDb = openDb(file);
  }
  return globalForDb.__smDb;
}

/**
 * The SQLite connection through drizzle's synchronous driver, for the hot paths' prepared statements.
 * Only lib/data/engine.ts (withSqliteClient, which waits for the gate first, so a synchronous statement
 * never lands inside another flow's open transaction) and lib/data/connection.ts use it: ESLint refuses
 * it anywhere else in lib/data (docs/architecture.md, "The data layer's contract").
 */
export function getDb(): Db {
  return sqliteConnection();
}

// The asynchronous view of each connection and its gate, made once per connection (tests swap them).
const companions = new WeakMap<Database.Database, { gate: SqliteGate; db: AsyncSqliteDb }>();
// The gates live on globalThis, like the connection: dist/server.cjs (the collector, the sandbox, jobs
// resumed at start) and Next's route chunks each load their own copy of this module, and with a gate per
// copy a route's BEGIN met a job's open transaction ("cannot start a transaction within a transaction"),
// and a route's statement could land inside it.
const globalForGates = globalThis as unknown as { __smGates?: WeakMap<Database.Database, SqliteGate> };
function companion(client: Database.Database) {
  let found = companions.get(client);
  if (!found) {
    const gates = (globalForGates.__smGates ??= new WeakMap());
    let gate = gates.get(client);
    if (!gate) gates.set(client, (gate = new SqliteGate()));
    found = { gate, db: asyncSqlite(client, gate) };
    companions.set(client, found);
  }
  return found;
}

/** Which engine this process runs on: PostgreSQL once lib/data/connection.ts opened it, else SQLite. */
export function engineKind(): 'sqlite' | 'pg' {
  return globalForDb.__smPg ? 'pg' : 'sqlite';
}

/** The SQLite connection's asynchronous drizzle database and the gate its transactions hold. */
export function sqliteAsync(): { gate: SqliteGate; db: AsyncSqliteDb } {
  return companion(sqliteConnection().$client);
}

/** The PostgreSQL pool and its drizzle database; throws on SQLite. */
export function pgConnection(): PgHandle {
  if (!globalForDb.__smPg) throw new Error('Not running on PostgreSQL.');
  return globalForDb.__smPg;
}

/** Makes PostgreSQL this process's engine (lib/data/connection.ts, tests); undefined returns to SQLite. */
export function setPgEngine(handle: PgHandle | undefined): void {
  globalForDb.__smPg = handle;
}

/** For tests: use this connection instead of the configured file. */
export function setDbForTests(db: Db | undefined): void {
  globalForDb.__smDb = db;
}

/**
 * The tables of the engine in use. Both schemas have the same tables with the same TypeScript types
 * (db/schema-parity.test.ts), so code written against the SQLite schema's types runs on either.
 *
 * Each table is a stand-in that forwards every read (columns, drizzle's symbols, its prototype, so
 * drizzle's `is()` sees a PgTable on PostgreSQL) to that table of the engine in use at the moment of
 * the read. So `const d = schema.deliveries` kept in a module, or an alias made from it, follows the
 * engine, and tests can switch engines between files and within one.
 */
const pgTables = pgSchema as unknown as Record<string, object>;
const current = (name: string, sqlite: object): object => (globalForDb.__smPg && pgTables[name]) || sqlite;
function engineTable(name: string, sqlite: object): object {
  return new Proxy(sqlite, {
    get: (_, key) => Reflect.get(current(name, sqlite), key),
    has: (_, key) => Reflect.has(current(name, sqlite), key),
    ownKeys: () => Reflect.ownKeys(current(name, sqlite)),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(name, sqlite), key);
      // A proxy may not report a property as non-configurable unless its target has it so.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(current(name, sqlite)),
  });
}
export const schema = Object.fromEntries(
  Object.entries(sqliteSchema).map(([name, value]) => [
    name,
    is(value, SQLiteTable) ? engineTable(name, value) : value,
  ]),
) as typeof sqliteSchema;

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
