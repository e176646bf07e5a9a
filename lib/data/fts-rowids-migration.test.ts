// Migration 0022: the search index rebuilt with rowids only (detail = none) and merged into one b-tree.
// A history written before it must be found afterwards, and the triggers of 0006 (which name the table
// they write to, dropped and made again here) must keep it in step.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';

import * as sqliteSchema from '@/db/schema';
import { MIGRATIONS_FOLDER } from '@/db/migrate';
import { schema, setDbForTests, type Db } from '@/db';
import { deliveryFiltersSchema } from '@/lib/validations/delivery';

process.env.APP_SECRET_KEY ??= 'fts-migration-test-key-long-enough-0001';

const { insertDelivery } = await import('./deliveries');
const { listDeliveries } = await import('./deliveries-list');
const { insertTestIntegration, migrationsBefore } = await import('./test-helpers');

const client = new Database(':memory:');
const db = drizzle(client, { schema: sqliteSchema }) as Db;
afterAll(() => {
  setDbForTests(undefined);
  client.close();
});

const found = async (q: string) =>
  (await listDeliveries(deliveryFiltersSchema.parse({ q }))).items.map((d) => d.id);
const segments = () => client.prepare('select count(distinct segid) from deliveries_fts_idx').pluck().get();

describe('migration 0022', () => {
  it('keeps every delivery written before it searchable, in one b-tree, and the triggers writing to it', async () => {
    const before = migrationsBefore(MIGRATIONS_FOLDER, /fts_rowids_only/);
    migrate(db, { migrationsFolder: before });
    fs.rmSync(before, { recursive: true, force: true });
    setDbForTests(db);
    const integration = { id: insertTestIntegration(db, { name: 'Shop' }), name: 'Shop' };
    const add = async (email: string, externalId: string) =>
      (
        await insertDelivery({
          integration,
          source: 'api',
          operation: 'add',
          event: { type: 'PURCHASE', email, externalId },
        })
      ).id;
    // One transaction each, as the collector writes: each leaves a b-tree of its own.
    const old: number[] = [];
    for (let i = 0; i < 12; i++) old.push(await add(`early${i}-buyer@shop.pl`, `ORD-77${i}`));
    expect(segments()).toBeGreaterThan(1);

    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    expect(
      client.prepare("select sql from sqlite_master where name = 'deliveries_fts'").pluck().get(),
    ).toMatch(/detail = none/);
    expect(segments()).toBe(1);
    expect(await found('early3-buyer')).toEqual([old[3]]);
    expect(await found('ORD-77')).toEqual([...old].reverse());

    // The triggers of 0006 write to the new table: a new delivery is found, an edit and a deletion follow.
    const late = await add('late-buyer@shop.pl', 'ORD-9001');
    expect(await found('late-buyer')).toEqual([late]);
    db.update(schema.deliveries).set({ externalId: 'ORD-9002' }).where(eq(schema.deliveries.id, late)).run();
    expect(await found('ORD-9001')).toEqual([]);
    expect(await found('ORD-9002')).toEqual([late]);
    db.delete(schema.deliveries).where(eq(schema.deliveries.id, old[3]!)).run();
    expect(await found('early3-buyer')).toEqual([]);
    expect(client.prepare('select count(*) from deliveries_fts').pluck().get()).toBe(12);
  });
});
