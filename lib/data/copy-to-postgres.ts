import 'server-only';

import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

import { appliedMigrations, migrationJournal, MIGRATIONS_FOLDER } from '@/db/migrate';
import { MIGRATION_LOCK_KEY, runPgMigrations } from '@/db/migrate-pg';
import * as pgSchema from '@/db/schema.pg';
import { secretKeyAdvice } from './copy-secret-key';
import { KEY_CHECK_SETTING } from './settings';
import { UPLOAD_CHUNK_BYTES } from './upload-chunks';
import { connectPostgres } from './postgres-start';

/**
 * `npm run db:copy -- --to postgres://…` (issue 17): copies a SQLite console's database into an empty
 * PostgreSQL database, so an existing console moves to PostgreSQL with its history, users, integrations
 * (secrets as stored: encrypted with the same key), templates, audit, settings, jobs and incidents.
 *
 * - Every table of db/schema.pg.ts is copied (the list is read from the schema, so a new table is copied
 *   without a change here), parents before children (their foreign keys), ids kept, in batches: each
 *   batch is one INSERT … SELECT FROM unnest() with one array per column, values converted to the
 *   PostgreSQL column's type (SQLite's 0/1 booleans to boolean, JSON text to json as written).
 * - What PostgreSQL's triggers maintain from deliveries and attempts is built there, not copied: a table
 *   with a `<table>_raw` view (the overview's rollups, migration-pg 0003) is filled from that view, and
 *   the history's search table from its view (migration-pg 0001), so the end state is what the triggers
 *   compute from the same rows, whatever SQLite's own rollups hold. The triggers are off while rows are
 *   copied: row by row they would cost minutes for a million deliveries, and the monotonic created_at
 *   trigger would move copied ids. ALTER TABLE … DISABLE TRIGGER USER is allowed to the tables' owner
 *   (session_replication_role would need a superuser), and is undone by the same transaction.
 * - One transaction for the whole copy, holding the migrations' advisory lock (db/migrate-pg.ts): a
 *   console started on the target meanwhile waits; a failure or an interruption leaves the target as
 *   empty as it was, so the copy can simply run again. The row counts are compared inside it, before
 *   the commit.
 * - Indexes no constraint owns are dropped before the copy and rebuilt after it, from their own
 *   definitions (dropIndexes), in the same transaction.
 * - Each identity sequence is set past the largest id copied, so the next insert gets a new id.
 * - Backfill uploads: SQLite keeps them as files (DATA_DIR/uploads/<job id>.csv), PostgreSQL in
 *   `upload_chunks` (lib/data/upload-chunks.ts). The file of each copied job is stored there in the same
 *   1 MB chunks, so an upload waiting for its mapping, or an import a restart will resume, goes on after
 *   the move. A file whose job is not in the database is left behind (nothing could read it).
 * - Export files likewise (DATA_DIR/exports/export-<job id>.<csv|jsonl>): a finished one can still be
 *   downloaded after the move, and an unfinished one carries on from its last recorded page (copyExports).
 */

/** Rows per INSERT: a batch of deliveries is a few megabytes of parameters. */
const BATCH_ROWS = 5_000;
/** A progress line per table at most this often, besides the one when the table is done. */
const PROGRESS_EVERY_MS = 2_000;
/** The --to setting's name in the sentences of lib/data/postgres-start.ts. */
const TO = '--to';

export interface CopyOptions {
  /** The SQLite console's database (DATA_DIR/console.db); opened read-only. */
  sqliteFile: string;
  /** The empty PostgreSQL database to copy into. */
  url: string;
  /** DATA_DIR/secret.key and APP_SECRET_KEY: which key the copied secrets need (copy-secret-key.ts). */
  keyFile: string;
  appSecretKey?: string;
  /** Where progress lines go (the CLI: stderr). Never given a secret. */
  progress: (line: string) => void;
  batchRows?: number;
  /** The SQLite console's backfill uploads; by default DATA_DIR/uploads beside the database. */
  uploadsDir?: string;
  /** The SQLite console's export files; by default DATA_DIR/exports beside the database. */
  exportsDir?: string;
}

export interface CopiedTable {
  name: string;
  rows: number;
  /** Built on PostgreSQL from the copied rows (rollups, search) instead of copied. */
  rebuilt: boolean;
}

export interface CopyResult {
  tables: CopiedTable[];
  /** Which APP_SECRET_KEY the PostgreSQL console needs, as a sentence naming where it is. */
  keyAdvice: string;
}

interface TablePlan {
  name: string;
  columns: { name: string; type: string }[];
  /** Names of the tables its foreign keys point to. */
  parents: string[];
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const count = (n: number) => n.toLocaleString('en-US');
/** " in 12.3 s" after a step that took a second or more, for the progress lines. */
const took = (started: number) => {
  const seconds = (Date.now() - started) / 1000;
  return seconds >= 1 ? ` in ${seconds.toFixed(1)} s` : '';
};

/** Every table of the PostgreSQL schema, parents before the tables that reference them. */
function tablePlans(): TablePlan[] {
  const plans = (Object.values(pgSchema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => {
      const config = getTableConfig(table);
      return {
        name: config.name,
        columns: config.columns.map((c) => ({ name: c.name, type: c.getSQLType() })),
        parents: config.foreignKeys
          .map((fk) => getTableConfig(fk.reference().foreignTable).name)
          .filter((parent) => parent !== config.name),
      };
    });
  const ordered: TablePlan[] = [];
  const placed = new Set<string>();
  while (ordered.length < plans.length) {
    const ready = plans.filter((p) => !placed.has(p.name) && p.parents.every((parent) => placed.has(parent)));
    if (!ready.length) throw new Error('db/schema.pg.ts has a cycle of foreign keys: no order to copy in.');
    for (const p of ready) {
      ordered.push(p);
      placed.add(p.name);
    }
  }
  return ordered;
}

/** Opens the SQLite console's database read-only, refusing a missing file or one of another version. */
function openSqlite(file: string): Database.Database {
  if (!fs.existsSync(file))
    throw new Error(
      `There is no console database at ${file}: set DATA_DIR to the directory of the console being moved (the one holding console.db).`,
    );
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applied = appliedMigrations(sqlite);
    const shipped = migrationJournal(MIGRATIONS_FOLDER).length;
    if (applied === null) throw new Error(`${file} is not a console database (it has no migrations table).`);
    if (applied !== shipped)
      throw new Error(
        applied < shipped
          ? `${file} was last opened by an older version of the console: start this version on it once (npm start), so it applies its migrations, stop it, and copy again.`
          : `${file} was written by a newer version of the console than this one: copy with that version.`,
      );
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return sqlite;
}

/** One encrypted secret of the SQLite database, to prove which key it needs. */
function sampleSecret(sqlite: Database.Database): string | undefined {
  return sqlite
    .prepare(
      `select s from (select api_key_enc as s from integrations
         union all select api_secret_enc from sandbox_accounts
         union all select secret_enc from notification_webhooks) limit 1`,
    )
    .pluck()
    .get() as string | undefined;
}

/** The key check value the SQLite console stored at its starts (lib/data/key-check.ts), if any. */
function storedKeyCheck(sqlite: Database.Database): string | undefined {
  const value = sqlite
    .prepare('select value from app_settings where key = ?')
    .pluck()
    .get(KEY_CHECK_SETTING) as string | undefined;
  return value === undefined ? undefined : (JSON.parse(value) as string);
}

/** The console's tables on the target that hold rows (those not created yet hold none). */
async function tablesWithRows(client: pg.Pool | pg.PoolClient, plans: TablePlan[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'select t as name from unnest($1::text[]) t where to_regclass(quote_ident(t)) is not null',
    [plans.map((p) => p.name)],
  );
  const found: string[] = [];
  for (const { name } of rows) {
    const { rowCount } = await client.query(`select 1 from ${q(name)} limit 1`);
    if (rowCount) found.push(name);
  }
  return found;
}

function refuseUnlessEmpty(names: string[], url: string): void {
  if (!names.length) return;
  const u = new URL(url);
  throw new Error(
    `The database at ${u.hostname}:${u.port || '5432'}${u.pathname} already holds console data (${names.join(', ')}): db:copy copies into an empty database only, so create a new one (createdb) and copy into it. Nothing was written.`,
  );
}

/** SQLite's value as the PostgreSQL column takes it: 0/1 as boolean; integers as exact BigInt; text as is. */
function converter(type: string): (value: unknown) => unknown {
  if (type === 'boolean') return (value) => (value === null ? null : Number(value) !== 0);
  return (value) => value;
}

/** Copies one table in batches of `batchRows`, in SQLite's rowid order; returns the rows copied. */
async function copyTable(
  sqlite: Database.Database,
  client: pg.PoolClient,
  plan: TablePlan,
  total: number,
  options: { batchRows: number; progress: (line: string) => void },
): Promise<number> {
  const columns = plan.columns.map((c) => q(c.name)).join(', ');
  const read = sqlite
    .prepare(`select rowid, ${columns} from ${q(plan.name)} where rowid > ? order by rowid limit ?`)
    .raw(true)
    .safeIntegers(true);
  const insert = `insert into ${q(plan.name)} (${columns}) select * from unnest(${plan.columns
    .map((c, i) => `$${i + 1}::${c.type}[]`)
    .join(', ')})`;
  const convert = plan.columns.map((c) => converter(c.type));
  const started = Date.now();
  let lastLine = started;
  let after: bigint = -(2n ** 63n);
  let copied = 0;
  for (;;) {
    const rows = read.all(after, options.batchRows) as unknown[][];
    if (!rows.length) break;
    const arrays = plan.columns.map((_, i) => rows.map((row) => convert[i]!(row[i + 1])));
    await client.query(insert, arrays);
    after = rows[rows.length - 1]![0] as bigint;
    copied += rows.length;
    if (Date.now() - lastLine >= PROGRESS_EVERY_MS && copied < total) {
      lastLine = Date.now();
      options.progress(`${plan.name}: ${count(copied)} of ${count(total)} rows…`);
    }
  }
  options.progress(`${plan.name}: ${count(copied)} rows copied${took(started)}`);
  return copied;
}

/** The tables PostgreSQL builds from deliveries and attempts: each with a `<table>_raw` view to fill it from. */
async function derivedTables(client: pg.PoolClient, plans: TablePlan[]): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>(
    "select table_name as name from information_schema.views where table_schema = current_schema() and table_name like '%\\_raw'",
  );
  const views = new Set(rows.map((r) => r.name));
  return new Set(plans.filter((p) => views.has(`${p.name}_raw`)).map((p) => p.name));
}

/** Fills a derived table from its raw view, column by name; returns its rows. */
async function rebuildFromView(client: pg.PoolClient, plan: TablePlan): Promise<number> {
  const columns = plan.columns.map((c) => q(c.name)).join(', ');
  const { rowCount } = await client.query(
    `insert into ${q(plan.name)} (${columns}) select ${columns} from ${q(`${plan.name}_raw`)}`,
  );
  return rowCount ?? 0;
}

/** The history's search table (migration-pg 0001): not in the schema, built from its view. */
const SEARCH_TABLE = 'deliveries_search';

/** The history's search rows (migration-pg 0001), one per delivery, as its insert trigger writes them. */
async function rebuildSearch(client: pg.PoolClient): Promise<number> {
  const { rowCount } = await client.query(
    `insert into ${SEARCH_TABLE} (delivery_id, body) select id, body from deliveries_search_text`,
  );
  return rowCount ?? 0;
}

/** Moves each identity sequence past the largest id of its table, so the next insert does not collide. */
async function advanceSequences(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ table: string; column: string }>(
    `select table_name as table, column_name as column from information_schema.columns
     where table_schema = current_schema() and is_identity = 'YES'`,
  );
  for (const { table, column } of rows)
    await client.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${q(column)}) from ${q(table)}), 0) + 1, false)`,
      [q(table), column],
    );
}

async function pgCount(client: pg.PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${q(table)}`);
  return Number(rows[0]!.n);
}

/** The tables whose user triggers (rollups, search, monotonic ids) fire on insert. */
async function tablesWithTriggers(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
     join pg_namespace n on n.oid = c.relnamespace where not t.tgisinternal and n.nspname = current_schema()`,
  );
  return rows.map((r) => r.name);
}

interface DroppedIndex {
  table: string;
  definition: string;
}

/**
 * Drops the indexes of the tables to fill that no constraint owns (every index but primary keys and
 * UNIQUE constraints) and returns their definitions: building an index once over a million rows is
 * several times faster than updating it row by row (the deliveries have seventeen; the search table's
 * trigram index is the dearest). Rebuilt by recreateIndexes, with the same names and definitions, in the
 * same transaction, so a failure leaves them as they were.
 */
async function dropIndexes(client: pg.PoolClient, tables: string[]): Promise<DroppedIndex[]> {
  const { rows } = await client.query<{ name: string; table: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, t.relname as table, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = current_schema() and t.relname = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const { name } of rows) await client.query(`drop index ${name}`);
  return rows.map(({ table, definition }) => ({ table, definition }));
}

async function recreateIndexes(
  client: pg.PoolClient,
  indexes: DroppedIndex[],
  progress: (line: string) => void,
): Promise<void> {
  if (!indexes.length) return;
  const started = Date.now();
  // Room to sort in memory: the default 64 MB makes a million-row index spill to disk.
  await client.query("set local maintenance_work_mem = '256MB'");
  for (const { definition } of indexes) await client.query(definition);
  const tables = [...new Set(indexes.map((i) => i.table))].join(', ');
  progress(`${tables}: ${indexes.length} indexes built${took(started)}`);
}

const UPLOADS_TABLE = 'upload_chunks';

/** Stores a file (up to byte `end`, inclusive, when given) as job `jobId`'s chunks; answers how many. */
async function storeChunks(
  client: pg.PoolClient,
  jobId: number,
  file: string,
  end?: number,
): Promise<number> {
  let seq = 0;
  for await (const data of fs.createReadStream(file, { highWaterMark: UPLOAD_CHUNK_BYTES, end }))
    await client.query(`insert into ${UPLOADS_TABLE} (job_id, seq, data) values ($1, $2, $3)`, [
      jobId,
      seq++,
      data,
    ]);
  return seq;
}

/**
 * Stores each upload file whose backfill job was copied as that job's chunks; returns the chunks written.
 * One chunk in memory at a time (an upload may be 100 MB).
 */
async function copyUploads(
  client: pg.PoolClient,
  dir: string,
  progress: (line: string) => void,
): Promise<number> {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^\d+\.csv$/.test(f)) : [];
  const { rows } = await client.query<{ id: number }>(`select id from jobs where kind = 'backfill'`);
  const jobs = new Set(rows.map((r) => Number(r.id)));
  let chunks = 0;
  let stored = 0;
  for (const name of files) {
    const jobId = Number(name.slice(0, -'.csv'.length));
    if (!jobs.has(jobId)) continue;
    chunks += await storeChunks(client, jobId, path.join(dir, name));
    stored++;
  }
  if (files.length)
    progress(
      `backfill uploads: ${count(stored)} of ${count(files.length)} files stored in ${count(chunks)} chunks`,
    );
  return chunks;
}

/**
 * Stores the files of the copied export jobs as their chunks, where exports live on PostgreSQL
 * (lib/jobs/export-files.ts): a finished file whole, so it can still be downloaded for the rest of its
 * 24 hours; an unfinished one (`.part`) up to the length its job recorded, with that many chunks written
 * into its params, so the job carries on from its last page (lib/jobs/export-output.ts) instead of
 * appending to a file without its beginning. Returns the chunks written.
 */
async function copyExports(
  client: pg.PoolClient,
  dir: string,
  progress: (line: string) => void,
): Promise<number> {
  const { rows } = await client.query<{ id: number; status: string; params: Record<string, unknown> }>(
    `select id, status, params from jobs where kind = 'export' order by id`,
  );
  let chunks = 0;
  let stored = 0;
  for (const job of rows) {
    const finished = job.status === 'succeeded';
    const bytes = job.params.bytes;
    const file = path.join(dir, `export-${job.id}.${job.params.format === 'jsonl' ? 'jsonl' : 'csv'}`);
    if (finished ? !fs.existsSync(file) : typeof bytes !== 'number' || !fs.existsSync(`${file}.part`))
      continue;
    const written = finished
      ? await storeChunks(client, job.id, file)
      : (bytes as number) > 0
        ? await storeChunks(client, job.id, `${file}.part`, (bytes as number) - 1)
        : 0;
    if (!finished)
      await client.query(`update jobs set params = $2 where id = $1`, [
        job.id,
        JSON.stringify({ ...job.params, chunks: written }),
      ]);
    chunks += written;
    stored++;
  }
  if (stored) progress(`exports: ${count(stored)} files stored in ${count(chunks)} chunks`);
  return chunks;
}

async function copyAll(
  sqlite: Database.Database,
  client: pg.PoolClient,
  plans: TablePlan[],
  url: string,
  options: { batchRows: number; progress: (line: string) => void; uploadsDir: string; exportsDir: string },
): Promise<CopiedTable[]> {
  await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
  // Again under the lock: a console may have started on the target since the first look.
  refuseUnlessEmpty(await tablesWithRows(client, plans), url);
  const triggered = await tablesWithTriggers(client);
  for (const table of triggered) await client.query(`alter table ${q(table)} disable trigger user`);
  const derived = await derivedTables(client, plans);
  const indexes = await dropIndexes(client, [...plans.map((p) => p.name), SEARCH_TABLE]);
  const builtLater = (i: DroppedIndex) => derived.has(i.table) || i.table === SEARCH_TABLE;
  const copied: CopiedTable[] = [];
  for (const plan of plans) {
    if (derived.has(plan.name)) continue;
    const expected = Number(
      sqlite
        .prepare(`select count(*) from ${q(plan.name)}`)
        .pluck()
        .safeIntegers(true)
        .get(),
    );
    const rows = await copyTable(sqlite, client, plan, expected, options);
    const onTarget = await pgCount(client, plan.name);
    if (rows !== expected || onTarget !== expected)
      throw new Error(
        `The copy of ${plan.name} holds ${count(onTarget)} rows on PostgreSQL, but SQLite has ${count(expected)}: the copy was undone, nothing was written.`,
      );
    copied.push({ name: plan.name, rows: onTarget, rebuilt: false });
  }
  // The copied tables' indexes before the views are read: the rollups look up each failure's resends.
  await recreateIndexes(
    client,
    indexes.filter((i) => !builtLater(i)),
    options.progress,
  );
  for (const plan of plans.filter((p) => derived.has(p.name))) {
    const started = Date.now();
    const rows = await rebuildFromView(client, plan);
    options.progress(`${plan.name}: ${count(rows)} rows built from the copied deliveries${took(started)}`);
    copied.push({ name: plan.name, rows, rebuilt: true });
  }
  const chunks =
    (await copyUploads(client, options.uploadsDir, options.progress)) +
    (await copyExports(client, options.exportsDir, options.progress));
  copied.splice(
    copied.findIndex((t) => t.name === UPLOADS_TABLE),
    1,
    { name: UPLOADS_TABLE, rows: chunks, rebuilt: false },
  );
  const started = Date.now();
  const searchRows = await rebuildSearch(client);
  options.progress(
    `${SEARCH_TABLE}: ${count(searchRows)} rows built for the history's search${took(started)}`,
  );
  copied.push({ name: SEARCH_TABLE, rows: searchRows, rebuilt: true });
  await recreateIndexes(client, indexes.filter(builtLater), options.progress);
  for (const table of triggered) await client.query(`alter table ${q(table)} enable trigger user`);
  await advanceSequences(client);
  return copied;
}

/**
 * Copies the SQLite console's database into the empty PostgreSQL database at `url` (see the top of this
 * file). Throws one sentence when it cannot (nothing written then); the sentences never hold the URL's
 * password nor a key.
 */
export async function copyToPostgres(options: CopyOptions): Promise<CopyResult> {
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const sqlite = openSqlite(options.sqliteFile);
  try {
    const keyAdvice = secretKeyAdvice({
      appSecretKey: options.appSecretKey,
      keyFile: options.keyFile,
      sample: sampleSecret(sqlite),
      keyCheck: storedKeyCheck(sqlite),
    });
    const plans = tablePlans();
    const { pool } = await connectPostgres(options.url, TO);
    try {
      // Before the migrations: a database holding another console's rows is refused untouched.
      refuseUnlessEmpty(await tablesWithRows(pool, plans), options.url);
      options.progress('Applying the PostgreSQL migrations…');
      await runPgMigrations(pool);
      const client = await pool.connect();
      let tables: CopiedTable[];
      try {
        // One snapshot of SQLite for the whole copy: a row written meanwhile is in neither count.
        sqlite.exec('begin');
        await client.query('begin');
        try {
          tables = await copyAll(sqlite, client, plans, options.url, {
            batchRows,
            progress: options.progress,
            uploadsDir: options.uploadsDir ?? path.join(path.dirname(options.sqliteFile), 'uploads'),
            exportsDir: options.exportsDir ?? path.join(path.dirname(options.sqliteFile), 'exports'),
          });
          await client.query('commit');
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        } finally {
          sqlite.exec('commit');
        }
        // Fresh statistics, so the console's first queries on the copied tables are planned well.
        options.progress('Updating the planner statistics…');
        await client.query('analyze');
      } finally {
        client.release();
      }
      return { tables, keyAdvice };
    } finally {
      await pool.end();
    }
  } finally {
    sqlite.close();
  }
}
