// Test-only helpers for code that reads the database; imported by *.test.ts files only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

import { schema, setDbForTests, type Db } from '@/db';
import { encryptSecret } from '@/lib/crypto';
import { MEMORY_STORE_CREDENTIALS } from '@/lib/sandbox/memory-store';

type IntegrationValues = typeof schema.integrations.$inferInsert;

/** A stored integration with placeholder credentials (override what the test relies on); returns its id. */
export function insertTestIntegration(db: Db, values: Partial<IntegrationValues> = {}): number {
  return db
    .insert(schema.integrations)
    .values({
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
    })
    .returning()
    .get().id;
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
