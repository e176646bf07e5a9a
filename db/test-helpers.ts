import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

// PostgreSQL for tests (issue 17): the cluster scripts/vitest-pg-setup.mjs starts once per run.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's postgres:// URL (its maintenance database), '' when it could not start. */
    pgUrl: string;
    /** Why it could not start (e.g. PostgreSQL is not installed, with what to install), else ''. */
    pgError: string;
  }
}

/** The cluster's URL; throws the reason (e.g. "…install … apt-get install postgresql") when there is none. */
export function pgClusterUrl(): string {
  const url = inject('pgUrl');
  if (!url)
    throw new Error(
      inject('pgError') || 'No PostgreSQL test cluster: is vitest-pg-setup.mjs the globalSetup?',
    );
  return url;
}

/**
 * A new, empty database on the test cluster, dropped after the file's tests: test files run in parallel
 * and each gets its own, so none sees another's tables. Returns its URL.
 */
export async function freshPgDatabase(): Promise<string> {
  const admin = new URL(pgClusterUrl());
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  afterAll(async () => {
    const dropper = new pg.Client({ connectionString: admin.href });
    await dropper.connect();
    try {
      await dropper.query(`drop database if exists ${name} with (force)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(admin.href);
  url.pathname = `/${name}`;
  return url.href;
}
