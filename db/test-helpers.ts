import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

// Raw SQL's bigints as numbers, as in the console (set when db/pg.ts loads).
import './pg';

// PostgreSQL for tests (issue 17): the cluster scripts/vitest-pg-setup.mjs starts once per run.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's postgres:// URL (its maintenance database), '' when it could not start. */
    pgUrl: string;
    /** Why it could not start (e.g. PostgreSQL is not installed, with what to install), else ''. */
    pgError: string;
  }
}

/**
 * A PostgreSQL test's time limit: a database is created and migrated, and the statements go through a
 * server that shares the machine's cores with the rest of the run, so seconds where Vitest's default is 5.
 */
export const PG_TEST_TIMEOUT = 30_000;

/** The cluster's URL; throws the reason (e.g. "…install … apt-get install postgresql") when there is none. */
export function pgClusterUrl(): string {
  const url = inject('pgUrl');
  if (!url)
    throw new Error(
      inject('pgError') || 'No PostgreSQL test cluster: is vitest-pg-setup.mjs the globalSetup?',
    );
  return url;
}

/** Databases this test file made, dropped after its tests (registered when a test file imports this). */
const made: string[] = [];
afterAll(async () => {
  if (!made.length) return;
  const client = new pg.Client({ connectionString: pgClusterUrl() });
  await client.connect();
  try {
    // WITH (FORCE): a pool the test left open does not keep its database.
    for (const name of made.splice(0)) await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
});

/**
 * A new, empty database on the test cluster, dropped after the file's tests: test files run in parallel
 * and each gets its own, so none sees another's tables. Returns its URL.
 */
export async function freshPgDatabase(): Promise<string> {
  const url = new URL(pgClusterUrl());
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
    made.push(name);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.href;
}

const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

/** A pool on a test database, raw SQL's bigints read as numbers; ended after the file's tests. */
export function pgTestPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's connection ends with the database at the end of the file (DROP … WITH (FORCE)),
  // which the pool reports as an error event: expected then, and unhandled it would fail the run.
  pool.on('error', () => undefined);
  pools.push(pool);
  return pool;
}
