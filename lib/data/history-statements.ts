import 'server-only';
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';

import { withSqliteClient } from './engine';

// SQLite only: the history's reads (list, search, export) as statements prepared once per SQL text.
// drizzle prepares every query anew; for a history page that cost 0.1–0.3 ms of about 1 ms (the search
// runs two statements per batch, each with the confirmation's subquery to plan). The SQL text depends only
// on the shape of the filters (which are set, how many values each list has), so a few dozen texts cover
// them. On PostgreSQL the history goes through db()/rawRows: the pool's driver plans each query itself.

const dialect = new SQLiteSyncDialect();
/** Texts kept per connection; past it the oldest goes (a shape used once is not kept forever). */
const MAX_STATEMENTS = 200;
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** SQL without parameters as its text (a fixed part of many statements, rendered once). */
export function renderedSql(query: SQL): string {
  const { sql, params } = dialect.sqlToQuery(query);
  if (params.length) throw new Error('renderedSql: the SQL has parameters');
  return sql;
}

/** SQLite only: the rows of `query` as arrays of column values, as SQLite gives them (no mapping). */
export async function cachedValues<T extends unknown[]>(query: SQL): Promise<T[]> {
  const { sql, params } = dialect.sqlToQuery(query);
  return withSqliteClient((client) => {
    let cache = caches.get(client);
    if (!cache) caches.set(client, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      statement = client.prepare(sql).raw();
      cache.set(sql, statement);
    }
    return statement.all(...params) as T[];
  });
}
