// Test-only helpers for code that reads the database; imported by *.test.ts files only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';

import { openDb, schema, setDbForTests, setPgEngine, type Db } from '@/db';
import { runPgMigrations } from '@/db/migrate-pg';
import { pgHandle, type PgHandle } from '@/db/pg';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from '@/db/test-helpers';
import { reloadConfig } from '@/lib/config';
import { encryptSecret } from '@/lib/crypto';
import { MEMORY_STORE_CREDENTIALS } from '@/lib/sandbox/memory-store';
import { db as engineDb } from './engine';

type IntegrationValues = typeof schema.integrations.$inferInsert;

const testIntegration = (values: Partial<IntegrationValues>): IntegrationValues => ({
  name: 'Shop',
  endpoint: 'https://app3.salesmanago.com',
  clientId: 'client',
  owner: 'owner@example.com',
  apiKeyEnc: 'x',
  apiKeyHint: 'x',
  apiSecretEnc: 'x',
  apiSecretHint: 'x',
  collectorKey: `ck_test_${Math.random().toString(36).slice(2)}`,
  updatedAt: Date.now(),
  ...values,
});

/** A stored integration with placeholder credentials, on the engine in use (testOnEngine); returns its id. */
export async function addTestIntegration(values: Partial<IntegrationValues> = {}): Promise<number> {
  const [row] = await engineDb().insert(schema.integrations).values(testIntegration(values)).returning();
  return row!.id;
}

/** A pending backfill job with no plan, on the engine in use (testOnEngine); returns its id. */
export async function addTestBackfillJob(): Promise<number> {
  const [job] = await engineDb()
    .insert(schema.jobs)
    .values({ kind: 'backfill', status: 'pending', params: {} })
    .returning();
  return job!.id;
}

/** A stored integration with placeholder credentials (override what the test relies on); returns its id. */
export function insertTestIntegration(db: Db, values: Partial<IntegrationValues> = {}): number {
  return db.insert(schema.integrations).values(testIntegration(values)).returning().get().id;
}

/**
 * An integration that sends to a loopback sandbox (lib/sandbox/test-helpers.ts) with the memory store's
 * credentials, encrypted as the console stores them; returns its id.
 */
const loopbackValues = (endpoint: string): Partial<IntegrationValues> => ({
  endpoint,
  clientId: MEMORY_STORE_CREDENTIALS.clientId,
  owner: MEMORY_STORE_CREDENTIALS.owner,
  apiKeyEnc: encryptSecret(MEMORY_STORE_CREDENTIALS.apiKey),
  apiSecretEnc: encryptSecret(MEMORY_STORE_CREDENTIALS.apiSecret),
});

export function insertLoopbackIntegration(db: Db, endpoint: string): number {
  return insertTestIntegration(db, loopbackValues(endpoint));
}

/** insertLoopbackIntegration on the engine in use (testOnEngine). */
export async function addLoopbackIntegration(endpoint: string): Promise<number> {
  return addTestIntegration(loopbackValues(endpoint));
}

/**
 * Paths for database files in a fresh temporary directory (for tests that need a real file: WAL, two
 * connections). After the test file, the directory is removed and the test connection unset.
 */
export function tempDbFiles(prefix: string): (name: string) => string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => {
    setDbForTests(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return (name) => path.join(dir, name);
}

/**
 * A fresh DATA_DIR for the test file (files a job writes there: exports, uploads), removed after it;
 * returns its path.
 */
export function tempDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  beforeAll(() => {
    process.env.DATA_DIR = dir;
    reloadConfig();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.DATA_DIR;
    reloadConfig();
  });
  return dir;
}

/** The engines the data layer runs on (issue 17); data-layer tests run on each: `describe.each(ENGINES)`. */
export const ENGINES = ['sqlite', 'pg'] as const;
export type EngineKind = (typeof ENGINES)[number];

/**
 * Runs the data layer on `kind` for the tests of the enclosing describe: SQLite gets a fresh in-memory
 * database per test; PostgreSQL one database per test file on the test cluster, migrated once and
 * emptied before each test (a database per test would cost a second each).
 */
export function testOnEngine(kind: EngineKind): void {
  if (kind === 'sqlite') {
    beforeEach(() => {
      setPgEngine(undefined);
      setDbForTests(openDb(':memory:'));
    });
    return;
  }
  let handle: PgHandle;
  beforeAll(async () => {
    const pool = pgTestPool(await freshPgDatabase());
    await runPgMigrations(pool);
    handle = pgHandle(pool);
  }, PG_TEST_TIMEOUT);
  beforeEach(async () => {
    setPgEngine(handle);
    const { rows } = await handle.pool.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public'",
    );
    await handle.pool.query(`truncate ${rows.map((r) => `"${r.name}"`).join(', ')} restart identity cascade`);
  }, PG_TEST_TIMEOUT);
  afterAll(() => setPgEngine(undefined));
}

/** A statement the connection ran and the arguments it ran with (positional values or one named object). */
export interface LoggedStatement {
  query: string;
  params: unknown[];
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/**
 * Records every statement `client` runs from now on, with its arguments, whichever way it was sent (the
 * asynchronous driver's cached statements, drizzle's synchronous driver, a hot path's prepared
 * statement), for tests that put them through EXPLAIN QUERY PLAN. Transaction control is left out.
 */
export function logStatements(client: Db['$client']): LoggedStatement[] {
  const logged: LoggedStatement[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    const statement = prepare(source);
    if (source.startsWith('explain') || TRANSACTION_CONTROL.test(source)) return statement;
    const proxy: typeof statement = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'all' || key === 'get' || key === 'run' || key === 'iterate')
          return (...args: unknown[]) => {
            logged.push({ query: source, params: args });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        // Mode setters return the statement: keep returning the proxy, so later runs are seen too.
        if (key === 'raw' || key === 'pluck' || key === 'expand' || key === 'safeIntegers')
          return (...args: unknown[]) => {
            (value as (...a: unknown[]) => unknown).apply(target, args);
            return proxy;
          };
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    return proxy;
  }) as typeof client.prepare;
  return logged;
}

/** The plan of each logged statement, one line per step (EXPLAIN QUERY PLAN with its own arguments). */
export function explainLogged(client: Db['$client'], logged: LoggedStatement[]): string[] {
  return logged.map(({ query, params }) =>
    client
      .prepare(`explain query plan ${query}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail)
      .join(' | '),
  );
}

/**
 * A copy of the migrations folder that stops before the first migration whose tag matches `tag`: a
 * database migrated from it is one as the release before that migration left it. The caller deletes it.
 */
export function migrationsBefore(folder: string, tag: RegExp): string {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-before-'));
  fs.cpSync(folder, before, { recursive: true });
  const journalFile = path.join(before, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  // Later migrations go too: drizzle applies only those newer than the last one applied.
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => tag.test(e.tag)),
  );
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return before;
}
