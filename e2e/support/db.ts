import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

import { DATA_DIR } from './env';

// A look into a console's database, for checks a person would make in the sandbox's UI or a support
// engineer in the database. The suite runs on SQLite (the console's file in its data directory) and, with
// E2E_PG_URL set by scripts/e2e-pg.mjs, on PostgreSQL: then each data directory has its own database on the
// runner's throwaway cluster, named after the directory, so a console restarted on the same directory finds
// its data again, as a restarted SQLite console finds its file.

/** The cluster's URL (a superuser's, on loopback) when the suite runs on PostgreSQL. */
const PG_CLUSTER_URL = process.env.E2E_PG_URL ?? '';
export const onPostgres = PG_CLUSTER_URL !== '';

/** The PostgreSQL database of the console that keeps its files in `dataDir`. */
export function databaseUrlFor(dataDir: string): string {
  // The suite's own server (playwright.pg.config.ts) runs on the database the runner made for it.
  if (path.resolve(dataDir) === path.resolve(DATA_DIR)) return process.env.E2E_DATABASE_URL!;
  const url = new URL(PG_CLUSTER_URL);
  url.pathname = `/e2e_${crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}`;
  return url.href;
}

/** Creates the console's empty database for `dataDir` unless it exists (a restart keeps it). */
export async function ensureDatabaseFor(dataDir: string): Promise<string> {
  const url = databaseUrlFor(dataDir);
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: PG_CLUSTER_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return url;
}

/** bigint (counts, timestamps) and numeric as numbers, as the console's own pool reads them (db/pg.ts). */
const NUMBERS = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Runs `fn` on its own connection to the console's SQLite file in `dataDir`, closed after. */
function withSqlite<T>(
  dataDir: string,
  { readonly }: { readonly: boolean },
  fn: (db: Database.Database) => T,
): T {
  const db = new Database(path.join(dataDir, 'console.db'), { readonly, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * The rows of `query` on the console of `dataDir` (the suite's own server by default). Write the SQL so
 * both engines read it the same: `?` for parameters, a boolean column tested
 * bare (`where possible_duplicate`), JSON through jsonText().
 */
export async function consoleRows<T>(
  query: string,
  params: unknown[] = [],
  dataDir = DATA_DIR,
): Promise<T[]> {
  if (!onPostgres)
    return withSqlite(dataDir, { readonly: true }, (db) => db.prepare(query).all(...params) as T[]);
  const client = new pg.Client({ connectionString: databaseUrlFor(dataDir), types: NUMBERS });
  await client.connect();
  try {
    let n = 0;
    return (
      await client.query(
        query.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await client.end();
  }
}

/** Runs a statement that changes data (tests that stand in for the passing of time). */
export async function consoleWrite(query: string, params: unknown[] = [], dataDir = DATA_DIR): Promise<void> {
  if (!onPostgres)
    return withSqlite(dataDir, { readonly: false }, (db) => {
      // The console writes too: wait for its transaction rather than fail on a busy database.
      db.pragma('busy_timeout = 5000');
      db.prepare(query).run(...params);
    });
  await consoleRows(query, params, dataDir);
}

/** One number from `query` (its first column of its first row). */
export async function consoleNumber(
  query: string,
  params: unknown[] = [],
  dataDir = DATA_DIR,
): Promise<number> {
  const [row] = await consoleRows<Record<string, unknown>>(query, params, dataDir);
  return Number(Object.values(row ?? {})[0]);
}

/** A JSON column's top-level text value, in the engine's own SQL. */
export const jsonText = (column: string, key: string) =>
  onPostgres ? `(${column} ->> '${key}')` : `json_extract(${column}, '$.${key}')`;

export async function sandboxEvent(
  eventId: string,
): Promise<{ type: string; event: Record<string, unknown>; updated_at: number | null } | undefined> {
  const [row] = await consoleRows<{ type: string; event: unknown; updated_at: number | null }>(
    'select type, event, updated_at from sandbox_events where id = ?',
    [eventId],
  );
  if (!row) return undefined;
  // SQLite keeps JSON as text; node-postgres parses a json column itself.
  const event = (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as Record<
    string,
    unknown
  >;
  return { ...row, event };
}

export const deliveryCount = () => consoleNumber('select count(*) as n from deliveries');

/** The website's deliveries on the console of `dataDir`, counted by status (the kill and restart tests). */
export async function websiteStatusCounts(dataDir: string): Promise<Record<string, number>> {
  const rows = await consoleRows<{ status: string; n: number }>(
    "select status, count(*) as n from deliveries where source = 'website' group by status",
    [],
    dataDir,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Sandbox events whose description is LIKE `pattern`: how many different ones, and how many copies. */
export async function sandboxCopies(
  dataDir: string,
  pattern: string,
): Promise<{ events: number; copies: number }> {
  const description = jsonText('event', 'description');
  const [row] = await consoleRows<{ events: number; copies: number }>(
    `select count(distinct ${description}) as events, count(*) as copies from sandbox_events where ${description} like ?`,
    [pattern],
    dataDir,
  );
  return row!;
}

/** Deliveries flagged as possibly sent twice (an attempt in flight when the process died). */
export const possibleDuplicates = (dataDir: string, where = 'true') =>
  consoleNumber(`select count(*) as n from deliveries where possible_duplicate and ${where}`, [], dataDir);
