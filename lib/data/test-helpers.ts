// Test-only helpers for code that reads the database; imported by *.test.ts files only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';

import { openDb, schema, setDbForTests, setPgEngine, type Db } from '@/db';
import { runPgMigrations } from '@/db/migrate-pg';
import { pgHandle, type PgHandle } from '@/db/pg';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from '@/db/test-helpers';
import { encryptSecret } from '@/lib/crypto';
import { MEMORY_STORE_CREDENTIALS } from '@/lib/sandbox/memory-store';
import { db } from './engine';

type IntegrationValues = typeof schema.integrations.$inferInsert;

function testIntegrationValues(values: Partial<IntegrationValues>): IntegrationValues {
  return {
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
  };
}

/** A stored integration with placeholder credentials (override what the test relies on); returns its id. */
export function insertTestIntegration(db: Db, values: Partial<IntegrationValues> = {}): number {
  return db.insert(schema.integrations).values(testIntegrationValues(values)).returning().get().id;
}

/** insertTestIntegration on the engine in use (testOnEngine), through the data layer's db(). */
export async function seedTestIntegration(values: Partial<IntegrationValues> = {}): Promise<number> {
  const [row] = await db().insert(schema.integrations).values(testIntegrationValues(values)).returning();
  return row!.id;
}

/**
 * An integration that sends to a loopback sandbox (lib/sandbox/test-helpers.ts) with the memory store's
 * credentials, encrypted as the console stores them; returns its id.
 */
export function insertLoopbackIntegration(db: Db, endpoint: string): number {
  return insertTestIntegration(db, {
    endpoint,
    clientId: MEMORY_STORE_CREDENTIALS.clientId,
    owner: MEMORY_STORE_CREDENTIALS.owner,
    apiKeyEnc: encryptSecret(MEMORY_STORE_CREDENTIALS.apiKey),
    apiSecretEnc: encryptSecret(MEMORY_STORE_CREDENTIALS.apiSecret),
  });
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
