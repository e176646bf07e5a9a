import { count, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb, openDb, schema, setDbForTests, setPgEngine } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { affectedRows, db, rawRows, retryOnConflict, withTransaction } from './engine';
import { ENGINES, tempDbFiles, testOnEngine } from './test-helpers';

const counters = () => schema.sandboxCounters;

async function keys(): Promise<string[]> {
  const rows = await db().select({ key: counters().key }).from(counters()).orderBy(counters().key);
  return rows.map((r) => r.key);
}

const add = (key: string) => db().insert(counters()).values({ key, count: 1 });

// A few turns of the event loop, as a transaction waiting on nothing but its own statements may take.
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe.each(ENGINES)('the data layer on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('commits a transaction, and rolls all of it back when it throws', async () => {
    await withTransaction(async () => {
      await add('a');
      await add('b');
    });
    await expect(
      withTransaction(async () => {
        await add('c');
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await keys()).toEqual(['a', 'b']);
  });

  it("keeps another flow's statements out of an open transaction", async () => {
    const seenInside: string[][] = [];
    const tx = withTransaction(async () => {
      await add('tx');
      await turns();
      seenInside.push(await keys());
      throw new Error('roll back');
    });
    // Started while the transaction is open: it must neither be seen inside it nor rolled back with it.
    const outside = (async () => {
      await turns(1);
      await add('outside');
    })();
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    // SQLite: the outside write waited for the transaction to end. PostgreSQL: it ran on another client
    // and committed at once, which the transaction may then read (read committed), but it was never part
    // of the transaction: the rollback leaves it.
    if (kind === 'sqlite') expect(seenInside).toEqual([['tx']]);
    else expect(seenInside[0]).toContain('tx');
    expect(await keys()).toEqual(['outside']);
  });

  it('makes a nested transaction a savepoint: its failure undoes only its own writes', async () => {
    await withTransaction(async () => {
      await add('outer');
      await withTransaction(async () => {
        await add('inner');
        throw new Error('inner fails');
      }).catch(() => undefined);
      await add('after');
    });
    expect(await keys()).toEqual(['after', 'outer']);
  });

  it('runs two transactions started together, each seeing its own row', async () => {
    const seen: Record<string, string[]> = {};
    const one = withTransaction(async (tx) => {
      await tx.insert(counters()).values({ key: 'one', count: 1 });
      await turns();
      seen.one = await keys();
    });
    const two = withTransaction(async () => {
      await add('two');
      seen.two = await keys();
    });
    await Promise.all([one, two]);
    // SQLite runs them one after the other; PostgreSQL may run them at once on two clients, where one
    // sees two's row only once two committed (read committed).
    expect(seen.one).toContain('one');
    expect(seen.two).toContain('two');
    if (kind === 'sqlite') expect(seen.two).toEqual(['one', 'two']);
    expect(await keys()).toEqual(['one', 'two']);
  });

  it('runs a transaction again when PostgreSQL rolls it back for a deadlock (retryOnConflict)', async () => {
    await add('a');
    await add('b');
    const bump = (key: string) =>
      db()
        .update(counters())
        .set({ count: sql`${counters().count} + 1` })
        .where(eq(counters().key, key));
    // Both first tries take their first row, wait for each other, then ask for the other's row.
    let arrived = 0;
    let bothHoldOne!: () => void;
    const holding = new Promise<void>((resolve) => (bothHoldOne = resolve));
    let tries = 0;
    const crossing = (first: string, second: string) =>
      retryOnConflict(() =>
        withTransaction(async () => {
          tries++;
          await bump(first);
          if (++arrived === 2) bothHoldOne();
          if (arrived <= 2) await holding;
          await bump(second);
        }),
      );
    if (kind === 'sqlite') {
      // One writer at a time: the second transaction waits for the first, so the two cannot cross.
      bothHoldOne();
      await crossing('a', 'b');
      await crossing('b', 'a');
      expect(tries).toBe(2);
    } else {
      await Promise.all([crossing('a', 'b'), crossing('b', 'a')]);
      // One of them was rolled back and ran again (a retry can cross the survivor once more).
      expect(tries).toBeGreaterThanOrEqual(3);
    }
    const rows = await db().select({ key: counters().key, n: counters().count }).from(counters());
    expect(rows.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'a', n: 3 },
      { key: 'b', n: 3 },
    ]);
    // Anything else is not retried.
    let failures = 0;
    await expect(
      retryOnConflict(async () => {
        failures++;
        throw new Error('not a conflict');
      }),
    ).rejects.toThrow('not a conflict');
    expect(failures).toBe(1);
  });

  it('reads how many rows a write changed, and hand-written SQL as objects with numbers', async () => {
    await add('a');
    await add('b');
    const result = await db().update(counters()).set({ count: 5 }).where(eq(counters().count, 1));
    expect(affectedRows(result)).toBe(2);
    const rows = await rawRows<{ n: number; total: number }>(
      sql`select count(*) as n, sum(count) as total from sandbox_counters`,
    );
    expect(rows).toEqual([{ n: 2, total: 10 }]);
    expect(await db().select({ value: count() }).from(counters())).toEqual([{ value: 2 }]);
  });
});

describe('the SQLite connection while modules move (issue 17)', () => {
  testOnEngine('sqlite');

  it("runs another flow's synchronous statement inside an open transaction, committed with it", async () => {
    const tx = withTransaction(async () => {
      await add('tx');
      await turns();
    });
    await turns(1);
    // A module not yet moved: synchronous, it cannot wait for the gate.
    getDb().$client.prepare("insert into sandbox_counters (key, count) values ('sync', 1)").run();
    await tx;
    expect(await keys()).toEqual(['sync', 'tx']);
  });
});

describe('a SQLite transaction', () => {
  const dbFile = tempDbFiles('engine-test-');

  it('holds the write lock from its first statement, so another connection cannot commit in between', async () => {
    const file = dbFile('two.db');
    const mine = openDb(file);
    // The delivery thread's connection, told not to wait for the lock.
    const other = openDb(file);
    other.$client.pragma('busy_timeout = 0');
    setPgEngine(undefined);
    setDbForTests(mine);
    const otherWrite = () =>
      other.$client.prepare("insert into sandbox_counters (key, count) values ('x', 1)").run();
    const seen = await withTransaction(async () => {
      // Only a read so far; a deferred transaction would not hold the lock yet.
      const [before] = await rawRows<{ n: number }>(sql`select count(*) as n from sandbox_counters`);
      expect(otherWrite).toThrow(/SQLITE_BUSY|database is locked/);
      await add('y');
      return before!.n;
    });
    expect(seen).toBe(0);
    // Once it commits, the other connection writes again.
    expect(otherWrite().changes).toBe(1);
    mine.$client.close();
    other.$client.close();
  });
});
