import 'server-only';

import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { BaseSQLiteDatabase, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

import { engineKind, getDb, pgConnection, schema, sqliteAsync, type Db } from '@/db';

/**
 * The data layer's one database interface on both engines (issue 17; docs/architecture.md, "The data
 * layer's contract"). lib/data writes its queries once, with drizzle's query builder against `schema`
 * (the tables of the engine in use) and awaits them: on SQLite they run through drizzle's asynchronous
 * SQLite driver over the process's one connection, on PostgreSQL through the pool. What differs between
 * the engines stays in this file or in a function per need beside its caller (search, claims, JSON).
 *
 * Typed as the asynchronous SQLite database: PostgreSQL's builder takes the same calls for everything
 * this layer uses (select, insert … returning, on conflict, update, delete), but not SQLite's `.get()`,
 * `.all()`, `.run()` and `.values()`: those stay out of engine-neutral code (await the query, and
 * `.limit(1)` for one row).
 */
export type DataDb = BaseSQLiteDatabase<'async', unknown, typeof schema>;

// The transaction a flow is inside, if any, so nested data calls join it.
const openTransaction = new AsyncLocalStorage<DataDb>();

/** The database for the next statement: the caller's transaction when inside one, else the engine's. */
export function db(): DataDb {
  return openTransaction.getStore() ?? baseDb();
}

function baseDb(): DataDb {
  return (engineKind() === 'pg' ? pgConnection().db : sqliteAsync().db) as unknown as DataDb;
}

/**
 * Runs `fn` in one transaction; nested calls become savepoints of the outer one.
 * - SQLite: holds the connection's gate (db/sqlite-gate.ts) from BEGIN IMMEDIATE to COMMIT, so no other
 *   request's statement runs inside it, and IMMEDIATE takes the write lock at once (the delivery thread
 *   has its own connection: a deferred transaction that reads, then writes, fails when that connection
 *   committed in between).
 * - PostgreSQL: one pooled client for the whole transaction (drizzle checks it out and releases it).
 * `fn` must not wait on anything but the database: on SQLite every other request's statements wait with it.
 */
export async function withTransaction<T>(fn: (tx: DataDb) => Promise<T>): Promise<T> {
  const outer = openTransaction.getStore();
  const body = (tx: DataDb) => openTransaction.run(tx, () => fn(tx));
  if (outer) return outer.transaction(body);
  if (engineKind() === 'pg') return pgConnection().db.transaction((tx) => body(tx as unknown as DataDb));
  const { gate, db: sqlite } = sqliteAsync();
  return gate.hold(() =>
    sqlite.transaction((tx) => body(tx as unknown as DataDb), { behavior: 'immediate' }),
  );
}

/**
 * Whether two transactions can write at the same time: PostgreSQL locks rows, so transactions on
 * different rows run side by side on two pooled clients; SQLite has one writer, and a second
 * transaction would only wait for the first.
 */
export function writesRunConcurrently(): boolean {
  return engineKind() === 'pg';
}

// The advisory locks' first key on PostgreSQL: the bytes of "smlk". Locks taken with two int keys never
// collide with the one-bigint keys of the migrations and the deliveries' insert lock.
const LOCK_NAMESPACE = 0x736d6c6b;

/**
 * Makes the rest of the caller's transaction the only one working on `key` (e.g. `incident:12`), for a
 * read-check-write that must not interleave with another's: two people acknowledging the same incident,
 * two instances saving the first webhook of a scope. SQLite: nothing to do, a write transaction already
 * holds the only write lock from its first statement (BEGIN IMMEDIATE). PostgreSQL, where READ COMMITTED
 * lets both read "not yet" and both write: a transaction-level advisory lock on the key's hash, released
 * at commit or rollback; a hash shared by two keys only makes them wait for each other.
 */
export async function lockForTransaction(key: string): Promise<void> {
  if (!openTransaction.getStore()) throw new Error(`lockForTransaction(${key}) outside a transaction.`);
  if (engineKind() !== 'pg') return;
  await rawRows(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${key}))`);
}

/**
 * The driver's error code behind an error (drizzle wraps the driver's error as its cause; node-postgres
 * and better-sqlite3 put a short code on theirs), when it is one: never a message, which may quote data.
 */
export function driverErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return [e?.cause?.code, e?.code].find((c): c is string => typeof c === 'string' && /^[\w-]{1,40}$/.test(c));
}

/**
 * Whether a statement failed because a table it names does not exist: PostgreSQL's 42P01 (undefined
 * table, also when its schema is missing), SQLite's SQLITE_ERROR "no such table" (better-sqlite3 gives
 * that generic code, so its message tells; it is only matched, never passed on).
 */
export function isUndefinedTable(err: unknown): boolean {
  const code = driverErrorCode(err);
  if (code === '42P01') return true;
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  return (
    code === 'SQLITE_ERROR' &&
    [e?.cause?.message, e?.message].some((m) => typeof m === 'string' && m.startsWith('no such table'))
  );
}

// PostgreSQL's codes for a transaction it rolled back so that another could go on: a deadlock, and a
// serialization failure. Running the transaction again is the documented answer to both.
const CONFLICT_CODES = new Set(['40P01', '40001']);

/**
 * Runs a whole transaction (`run` starts it) again when PostgreSQL rolled it back for a deadlock with
 * another writer (two instances settling batches whose rollup rows overlap): up to three tries. Only
 * for work that is all in the transaction, so a rolled-back try left nothing behind.
 */
export async function retryOnConflict<T>(run: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = driverErrorCode(err);
      if (attempt >= tries || !code || !CONFLICT_CODES.has(code)) throw err;
    }
  }
}

/**
 * A select's rows locked until the transaction ends (`FOR UPDATE`, `skipLocked`: leaving out rows
 * another transaction holds) on PostgreSQL, where a concurrent writer of the same row then waits and
 * reads what this transaction wrote; SQLite runs one write transaction at a time and needs nothing.
 */
export async function rowsForUpdate<T>(
  query: PromiseLike<T[]>,
  opts: { skipLocked?: boolean } = {},
): Promise<T[]> {
  if (engineKind() !== 'pg') return query;
  const locking = query as unknown as {
    for(strength: 'update', config?: { skipLocked: true }): Promise<T[]>;
  };
  return opts.skipLocked ? locking.for('update', { skipLocked: true }) : locking.for('update');
}

/** How many rows a write changed, from either driver's result (SQLite `changes`, PostgreSQL `rowCount`). */
export function affectedRows(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

const sqliteDialect = new SQLiteAsyncDialect();
type PgExecutor = Pick<NodePgDatabase, 'execute'>;

/**
 * Rows of a hand-written query as objects keyed by column name, on either engine. The SQL must be valid
 * on both (or the caller chooses per engine). Counts and sums read as numbers on both (db/pg.ts). Column
 * names come back as written on SQLite and lower-cased on PostgreSQL unless quoted: alias in lower case.
 */
export async function rawRows<T>(query: SQL): Promise<T[]> {
  if (engineKind() === 'pg') {
    const pg = (openTransaction.getStore() ?? pgConnection().db) as unknown as PgExecutor;
    return (await pg.execute(query)).rows as T[];
  }
  const { sql: text, params } = sqliteDialect.sqlToQuery(query);
  // Prepared here, not from db/sqlite-async.ts's cache, whose statements return rows as arrays.
  return withSqliteClient((client) => client.prepare(text).all(...params) as T[]);
}

/**
 * Runs SQLite-only work on the raw better-sqlite3 connection (pragmas, VACUUM, a hot path's prepared
 * statements) once no other flow's transaction holds it (db/sqlite-gate.ts). `fn` is synchronous, so
 * nothing can run inside it. Callers check the engine first: this throws on PostgreSQL.
 */
export async function withSqliteClient<T>(fn: (client: Db['$client']) => T): Promise<T> {
  const { gate } = sqliteAsync();
  if (!gate.mayRun()) await gate.untilMayRun();
  return fn(getDb().$client);
}

/**
 * `column in (ids)` with the ids as ONE parameter: a batch names 400 rows in every statement of its life
 * (claim, record, settle), and 400 placeholders cost more to build than the statement to run. SQLite
 * reads a JSON array (json_each), PostgreSQL a bigint array (= any).
 */
export function idIn(column: SQLiteColumn | SQL, ids: number[]): SQL {
  return engineKind() === 'pg'
    ? sql`${column} = any(${sql.param(ids)}::bigint[])`
    : sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** The larger of two values: SQLite's two-argument max(), PostgreSQL's greatest(). */
export function larger(a: SQLiteColumn | SQL, b: SQL | number): SQL {
  return engineKind() === 'pg' ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}

/** Runs a hand-written write on either engine; returns how many rows it changed. */
export async function rawExecute(query: SQL): Promise<number> {
  if (engineKind() === 'pg') {
    const pg = (openTransaction.getStore() ?? pgConnection().db) as unknown as PgExecutor;
    return affectedRows(await pg.execute(query));
  }
  // Through the asynchronous driver: its statement cache keeps a write the worker repeats every batch
  // (the resend chain's update) prepared, and its gate check applies.
  return affectedRows(await db().run(query));
}

/** Equal, or both null: SQLite's `is`, PostgreSQL's `is not distinct from`. */
export function sameOrBothNull(a: SQLiteColumn | SQL, b: SQLiteColumn | SQL): SQL {
  return engineKind() === 'pg' ? sql`${a} is not distinct from ${b}` : sql`${a} is ${b}`;
}

/** A top-level field of a JSON column as text: SQLite's json_extract, PostgreSQL's ->>. */
export function jsonField(column: SQLiteColumn, key: string): SQL {
  if (!/^\w+$/.test(key)) throw new Error(`Not a plain JSON key: ${key}`);
  return engineKind() === 'pg'
    ? sql`(${column} ->> ${sql.raw(`'${key}'`)})`
    : sql`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** A top-level number of a JSON column (null when absent): SQLite's json_extract, PostgreSQL's ->> cast. */
export function jsonNumber(column: SQLiteColumn, key: string): SQL {
  return engineKind() === 'pg' ? sql`(${jsonField(column, key)})::bigint` : jsonField(column, key);
}

/** A JSON value written from its text (an object, `true`): SQLite's json(), PostgreSQL's ::jsonb. */
export function jsonValue(text: string): SQL {
  return engineKind() === 'pg' ? sql`${text}::jsonb` : sql`json(${text})`;
}

/**
 * A JSON object column with some top-level keys set (the rest kept): SQLite's json_set, PostgreSQL's
 * jsonb concatenation, cast back to the column's json. Values are SQL: numbers, or jsonValue().
 */
export function jsonWith(column: SQLiteColumn, entries: Array<[key: string, value: SQL]>): SQL {
  for (const [key] of entries) if (!/^\w+$/.test(key)) throw new Error(`Not a plain JSON key: ${key}`);
  if (engineKind() === 'pg') {
    const pairs = sql.join(
      entries.map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`),
      sql`, `,
    );
    return sql`(${column}::jsonb || jsonb_build_object(${pairs}))::json`;
  }
  const pairs = sql.join(
    entries.map(([key, value]) => sql`${sql.raw(`'$.${key}'`)}, ${value}`),
    sql`, `,
  );
  return sql`json_set(${column}, ${pairs})`;
}
