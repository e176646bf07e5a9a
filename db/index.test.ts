import { describe, expect, it } from 'vitest';

const { getDb, openDb, setDbForTests, setDatabaseFile, writeTransaction } = await import('./index');
const { tempDbFiles } = await import('@/lib/data/test-helpers');

const dbFile = tempDbFiles('db-test-');

describe('writeTransaction', () => {
  it('holds the write lock from its first statement, so another connection cannot commit in between', () => {
    const file = dbFile('two.db');
    const mine = openDb(file);
    // The delivery thread's connection, told not to wait for the lock.
    const other = openDb(file);
    other.$client.pragma('busy_timeout = 0');
    setDbForTests(mine);

    const otherWrite = () =>
      other.$client.prepare("insert into sandbox_counters (key, count) values ('x', 1)").run();
    const seen = writeTransaction(() => {
      // Only a read so far; a deferred transaction would not hold the lock yet.
      const before = mine.$client.prepare('select count(*) n from sandbox_counters').get() as { n: number };
      expect(otherWrite).toThrow(/SQLITE_BUSY|database is locked/);
      mine.$client.prepare("insert into sandbox_counters (key, count) values ('y', 1)").run();
      return before.n;
    });
    expect(seen).toBe(0);
    // Once it commits, the other connection writes again.
    expect(otherWrite().changes).toBe(1);
    mine.$client.close();
    other.$client.close();
  });
});

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
