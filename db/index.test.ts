import { describe, expect, it } from 'vitest';

const { getDb, setDbForTests, setDatabaseFile } = await import('./index');
const { tempDbFiles } = await import('@/lib/data/test-helpers');

const dbFile = tempDbFiles('db-test-');

describe('getDb', () => {
  it('opens the file it was given at start, and says so when none was', () => {
    setDbForTests(undefined);
    expect(() => getDb()).toThrow(/No database file named: call openDatabase\(\)/);
    const file = dbFile('named.db');
    setDatabaseFile(file);
    expect(getDb().$client.name).toBe(file);
    getDb().$client.close();
  });
});

describe('pendingMigrations', () => {
  it('counts what an existing file has not applied, and nothing for a new one', async () => {
    const { openDb, pendingMigrations } = await import('./index');
    const file = dbFile('pending.db');
    expect(pendingMigrations(file)).toBe(0);
    const db = openDb(file);
    expect(pendingMigrations(file)).toBe(0);
    // A file from before the newest migration, as an upgrade finds it.
    db.$client.exec(
      'delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)',
    );
    expect(pendingMigrations(file)).toBe(1);
    db.$client.exec('drop table __drizzle_migrations');
    expect(pendingMigrations(file)).toBeGreaterThan(20);
    db.$client.close();
  });
});
