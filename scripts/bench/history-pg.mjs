// The history benchmark on PostgreSQL (issue 17 item 7), for history.mjs --database: the database (a
// throwaway cluster of our own, or a given postgres:// address), its data set (the SQLite generator's rows
// moved with the project's own db:copy, as a console would move), and the raw-SQL floor: the statements a
// case sent (recorded by pg-query-log.mjs in the console) run again directly through `pg`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

import { startCluster } from '../pg-cluster.mjs';
import { withPg } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The table that says a database holds the benchmark's data set, and of how many rows. */
const MARKER = 'bench_history_rows';

/**
 * `--database pg`: a throwaway cluster (stopped and deleted at the end, or when the process is
 * interrupted) with an empty database; otherwise the given address as it is.
 */
export async function openDatabase(spec) {
  if (spec !== 'pg') {
    if (!/^postgres(ql)?:\/\//.test(spec))
      throw new Error(`--database: pg or a postgres:// address, not ${spec}`);
    return { url: spec, stop: async () => {} };
  }
  const cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database history_bench');
  await admin.end();
  return { url: cluster.url.replace(/\/postgres$/, '/history_bench'), stop: cluster.stop };
}

/** The address without its password, for what the benchmark prints. */
export const shown = (url) => url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@');

/** The rows of the data set this database holds (0: none, or not one of ours). */
export function markedRows(url) {
  return withPg(url, async (c) => {
    const { rows } = await c.query(`select to_regclass('${MARKER}') is not null as marked`);
    if (!rows[0].marked) return 0;
    return Number((await c.query(`select rows from ${MARKER}`)).rows[0]?.rows ?? 0);
  });
}

/**
 * Moves the SQLite data set of `dataDir` into the (empty) database with `npm run db:copy`, then VACUUM
 * ANALYZE (the copy's own ANALYZE leaves the visibility map unset, so index-only scans would read the
 * table) and the marker. `key` is the secret the SQLite console encrypted the integrations' secrets with.
 */
export async function copyDataSet({ url, dataDir, key, rows }) {
  const t = performance.now();
  const run = spawnSync(process.execPath, [path.join(here, '../db-copy.mjs'), '--to', url], {
    env: { ...process.env, DATA_DIR: dataDir, APP_SECRET_KEY: key },
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`db:copy failed (exit code ${run.status})`);
  const copied = performance.now();
  await withPg(url, async (c) => {
    await c.query('vacuum analyze');
    await c.query(`create table ${MARKER} (rows bigint not null)`);
    await c.query(`insert into ${MARKER} values ($1)`, [rows]);
  });
  const s = (ms) => `${(ms / 1000).toFixed(0)} s`;
  console.log(`copied in ${s(copied - t)}, VACUUM ANALYZE ${s(performance.now() - copied)}`);
}

/** Without --keep on a given address: the data stays (it is the caller's database), the marker goes. */
export function unmark(url) {
  return withPg(url, (c) => c.query(`drop table if exists ${MARKER}`));
}

/** The collector's queued VISITs go, as on SQLite (the triggers keep the rollups and search rows in step). */
export function removeCollectorRowsPg(url, contact) {
  return withPg(
    url,
    async (c) => (await c.query('delete from deliveries where contact = $1', [contact])).rowCount,
  );
}

/** The console's environment for recording its SQL (pg-query-log.mjs) into `file`. */
export function recorderEnv(file) {
  fs.writeFileSync(file, '');
  const preload = `--import=${pathToFileURL(path.join(here, 'pg-query-log.mjs')).href}`;
  return { BENCH_SQL_LOG: file, NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ') };
}

const READ = /^\s*\(?\s*(select|with)\b/i;

/**
 * Records the statements the console sends while `request` runs: the recording is switched on and off
 * by SIGUSR2, each switch confirmed by the line it writes, so nothing of another request is recorded.
 */
export function recorder(child, file) {
  let offset = fs.statSync(file).size;
  const lines = () => {
    const bytes = fs.readFileSync(file).subarray(offset);
    offset += bytes.length;
    return bytes
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  };
  // Switches the recording and answers the lines read until the switch showed.
  const toggle = async () => {
    child.kill('SIGUSR2');
    const read = [];
    for (let i = 0; i < 500; i++) {
      read.push(...lines());
      if (read.some((l) => 'recording' in l)) return read;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the console did not answer SIGUSR2: is pg-query-log.mjs preloaded?');
  };
  return async (request) => {
    lines();
    await toggle();
    let recorded = [];
    try {
      await request();
    } finally {
      recorded = await toggle();
    }
    return recorded.filter((l) => 'text' in l);
  };
}

/**
 * The raw-SQL floor of the cases: `statements(request)` records what a request sent and keeps its reads
 * that the floor route (the session check) does not send too; `time(reads)` runs them one after the other
 * through one `pg` client, as the console's pool would, and answers the milliseconds.
 */
export async function rawSql(url, record, floorRequest) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const machinery = new Set((await record(floorRequest)).map((q) => q.text));
  return {
    statements: async (request) =>
      (await record(request)).filter((q) => READ.test(q.text) && !machinery.has(q.text)),
    time: async (reads) => {
      const t = performance.now();
      for (const q of reads) await client.query({ text: q.text, values: q.values, rowMode: q.rowMode });
      return performance.now() - t;
    },
    close: () => client.end(),
  };
}
