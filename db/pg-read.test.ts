// Rows read the same from both engines (issue 17): the same values written through drizzle with each
// dialect's schema come back equal, JSON exactly as written included (db/pg-types.ts, db/schema.pg.ts).
import { drizzle } from 'drizzle-orm/node-postgres';
import { expect, test } from 'vitest';

import { openDb } from './index';
import { runPgMigrations } from './migrate-pg';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema.pg';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from './test-helpers';

test(
  'settings, integrations and deliveries read back identically from SQLite and PostgreSQL',
  async () => {
    const pool = pgTestPool(await freshPgDatabase());
    await runPgMigrations(pool);
    const onPg = drizzle({ client: pool, schema: pgSchema });
    const onSqlite = openDb(':memory:');

    // JSON values that a second parse, or jsonb's normalising, would change.
    const settings = [
      { key: 'numeric-string', value: '123', updatedAt: 1 },
      { key: 'literal-string', value: 'true', updatedAt: 2 },
      { key: 'key-order', value: { zeta: 1, alpha: [1.5, 'x'], mid: { b: null, a: 0 } }, updatedAt: 3 },
      { key: 'number', value: 1e21, updatedAt: 4 },
    ];
    await onPg.insert(pgSchema.appSettings).values(settings);
    onSqlite.insert(sqliteSchema.appSettings).values(settings).run();
    const pgSettings = await onPg.select().from(pgSchema.appSettings).orderBy(pgSchema.appSettings.updatedAt);
    const sqliteSettings = onSqlite
      .select()
      .from(sqliteSchema.appSettings)
      .orderBy(sqliteSchema.appSettings.updatedAt)
      .all();
    expect(pgSettings).toEqual(sqliteSettings);
    expect(JSON.stringify(pgSettings)).toBe(JSON.stringify(sqliteSettings)); // key order too
    expect(pgSettings[0]!.value).toBe('123');

    const integration = {
      name: 'Shop',
      endpoint: 'https://example.test',
      clientId: 'c1',
      owner: 'owner@example.test',
      apiKeyEnc: 'k',
      apiKeyHint: '1234',
      apiSecretEnc: 's',
      apiSecretHint: '5678',
      collectorKey: 'ck',
      accountUsers: ['a@example.test', 'b@example.test'],
      updatedAt: 1_796_000_000_000,
    };
    const [pgIntegration] = await onPg.insert(pgSchema.integrations).values(integration).returning();
    const sqliteIntegration = onSqlite
      .insert(sqliteSchema.integrations)
      .values(integration)
      .returning()
      .get();
    const { createdAt: pgCreated, ...pgRest } = pgIntegration!;
    const { createdAt: sqliteCreated, ...sqliteRest } = sqliteIntegration;
    expect(pgRest).toEqual(sqliteRest);
    expect(pgRest.isSandbox).toBe(false);
    // Both defaults are "now" in epoch milliseconds, whole numbers.
    for (const created of [pgCreated, sqliteCreated]) {
      expect(Number.isInteger(created)).toBe(true);
      expect(Math.abs(created - Date.now())).toBeLessThan(60_000);
    }

    const delivery = {
      integrationId: 1,
      integrationName: 'Shop',
      source: 'api' as const,
      type: 'PURCHASE',
      contact: 'someone@example.test',
      value: 0.1 + 0.2,
      eventDate: 1_796_000_000_000,
      event: { contactEmail: 'someone@example.test', value: 0.30000000000000004, detail1: '' },
      status: 'queued' as const,
      createdAt: 1_796_000_000_123,
      updatedAt: 1_796_000_000_123,
    };
    const [pgDelivery] = await onPg.insert(pgSchema.deliveries).values(delivery).returning();
    const sqliteDelivery = onSqlite.insert(sqliteSchema.deliveries).values(delivery).returning().get();
    expect(pgDelivery).toEqual(sqliteDelivery);
    const [count] = (await pool.query('select count(*) as n, sum(created_at) as total from deliveries')).rows;
    expect(count).toEqual({ n: 1, total: 1_796_000_000_123 });
  },
  PG_TEST_TIMEOUT,
);
