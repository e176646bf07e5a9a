// Test-only helpers for code that reads the database; imported by *.test.ts files only.
import { schema, type Db } from '@/db';

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
