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
