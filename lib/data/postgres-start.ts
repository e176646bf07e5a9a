import 'server-only';

import pg from 'pg';

import { runPgMigrations } from '@/db/migrate-pg';
import { pgHandle, type PgHandle } from '@/db/pg';
import { logError } from '@/lib/log';

/** The oldest PostgreSQL the console runs on (issue 17): what its migrations and queries were tested on. */
export const MIN_PG_VERSION = 15;
/** How long the first connection may take before the start says the server does not answer. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process: the worker, the collector's group commit and pages share them. */
const POOL_SIZE = 10;

/** The address without its password, for the start line and the error sentences. */
export function describePgUrl(url: string): string {
  const u = new URL(url);
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  return `${user}${u.hostname}:${u.port || '5432'}${u.pathname === '/' ? '' : u.pathname}`;
}

const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}`;
};

/**
 * One sentence naming what stopped the start, from the error the first connection met (node-postgres
 * passes the server's SQLSTATE as `code`, the network's errno as `code` too). Never the password.
 * `setting` names where the address came from: DATABASE_URL at start, `--to` for db:copy.
 */
export function startFailureSentence(err: unknown, url: string, setting = 'DATABASE_URL'): string {
  const e = err as { code?: string; message?: string };
  // node-postgres' connection timeout is an Error without a code.
  const code = e.code ?? (/timeout/i.test(e.message ?? '') ? 'timeout' : undefined);
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || 'the default user';
  const database = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username);
  switch (code) {
    case 'ECONNREFUSED':
      return `PostgreSQL at ${where(url)} refused the connection: is the server running and listening on that address and port? (${setting})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The database host "${u.hostname}" in ${setting} could not be found: check its spelling and the machine's DNS.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'timeout':
      return `PostgreSQL at ${where(url)} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s: check the address, the port and any firewall between. (${setting})`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where(url)} refused the user "${user}": the user name or password in ${setting} is wrong, or pg_hba.conf does not let this user in from here.`;
    case '3D000':
      return `PostgreSQL at ${where(url)} has no database "${database}": create it (createdb ${database}) or name an existing one in ${setting}.`;
    default:
      return `PostgreSQL at ${where(url)} could not be used: ${(e.message ?? String(err)).replaceAll(u.password || '\u0000', '***')}. (${setting})`;
  }
}

/** The server's major version from `server_version_num` (e.g. 150004 → 15). */
export function majorVersion(versionNum: string | number): number {
  return Math.floor(Number(versionNum) / 10_000);
}

/**
 * Opens the pool and proves it works (a first query, the server's version is new enough). Throws one
 * sentence when something is wrong, naming `setting` as where the address came from.
 */
export async function connectPostgres(
  url: string,
  setting = 'DATABASE_URL',
): Promise<{ pool: pg.Pool; version: string }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client whose connection breaks (a server restart, a network cut) is reported here; without a
  // listener the process would crash. The next query opens a fresh connection.
  pool.on('error', (err) => logError('database connection', err));
  let row: { num: string; text: string };
  try {
    const { rows } = await pool.query<{ num: string; text: string }>(
      "select current_setting('server_version_num') as num, current_setting('server_version') as text",
    );
    row = rows[0]!;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(startFailureSentence(err, url, setting));
  }
  if (majorVersion(row.num) < MIN_PG_VERSION) {
    await pool.end();
    throw new Error(
      `The console needs PostgreSQL ${MIN_PG_VERSION} or newer; ${where(url)} runs ${row.text}. (${setting})`,
    );
  }
  return { pool, version: row.text };
}

/**
 * Opens the pool (connectPostgres) and applies pending migrations under the advisory lock
 * (db/migrate-pg.ts). Throws one sentence when something is wrong.
 */
export async function openPostgres(url: string): Promise<{ handle: PgHandle; version: string }> {
  const { pool, version } = await connectPostgres(url);
  await runPgMigrations(pool);
  return { handle: pgHandle(pool), version };
}
