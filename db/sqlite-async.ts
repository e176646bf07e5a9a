import type Database from 'better-sqlite3';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';

import * as schema from './schema';
import { SqliteGate } from './sqlite-gate';

/** The asynchronous drizzle database over the SQLite connection, the type the data layer writes against. */
export type AsyncSqliteDb = SqliteRemoteDatabase<typeof schema>;

// Prepared statements are reused by their SQL text: drizzle builds the same text for the same query
// shape, and preparing costs more than running a small statement. Bounded so ad hoc SQL cannot grow it.
const STATEMENT_CACHE_SIZE = 500;

/**
 * The same connection seen through drizzle's asynchronous SQLite driver (sqlite-proxy), so the data
 * layer's code is the code it runs on PostgreSQL: awaited queries, asynchronous transactions. Every
 * statement passes the gate (db/sqlite-gate.ts), which keeps another request's statements out of an
 * open transaction. Rows travel as arrays, the form drizzle maps by position.
 */
export function asyncSqlite(client: Database.Database, gate: SqliteGate): AsyncSqliteDb {
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = client.prepare(text);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(text, statement);
    }
    return statement;
  };
  // A write answers SQLite's own counts beside drizzle's (empty) rows; lib/data/engine.ts's
  // affectedRows reads `changes` here and `rowCount` on PostgreSQL.
  const execute = (text: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
    const statement = prepare(text);
    if (method === 'run' || !statement.reader) {
      const result = statement.run(...params);
      return { rows: [], changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
    }
    const raw = statement.raw(true);
    return { rows: method === 'get' ? (raw.get(...params) as unknown[]) : raw.all(...params) };
  };
  return drizzle(
    async (text, params, method) => {
      if (!gate.mayRun()) await gate.untilMayRun();
      return execute(text, params, method);
    },
    { schema },
  );
}
