import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// The server runs two module graphs over one SQLite connection (globalThis.__smDb): dist/server.cjs (the
// collector, the sandbox, jobs resumed at start) and Next's route chunks, each with its own copy of
// db/index.ts and lib/data/engine.ts. Here two imports on either side of vi.resetModules() are the two.
const graphA = await import('./engine');
const { openDb, setDbForTests } = await import('@/db');
const { tempDbFiles } = await import('./test-helpers');
const file = tempDbFiles('module-graphs-');
vi.resetModules();
const graphB = await import('./engine');

const rows = () => graphA.withSqliteClient((c) => c.prepare('select v from t order by rowid').pluck().all());

describe('one SQLite connection, two module graphs', () => {
  beforeAll(async () => {
    setDbForTests(openDb(file('console.db')));
    await graphA.withSqliteClient((c) => c.exec('create table t (v text)'));
  });

  it("waits for the other graph's open transaction instead of beginning inside it", async () => {
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    const a = graphA.withTransaction(async () => {
      await graphA.db().run(sql`insert into t values ('a1')`);
      await paused; // a job between two statements of its transaction
      await graphA.db().run(sql`insert into t values ('a2')`);
    });
    await new Promise((r) => setTimeout(r, 10));
    // A route's transaction, then a route's single statement: before, the first failed with "cannot start
    // a transaction within a transaction".
    const b = graphB.withTransaction(() => graphB.db().run(sql`insert into t values ('b')`));
    setTimeout(resume, 20);
    await Promise.all([a, b]);
    expect(await rows()).toEqual(['a1', 'a2', 'b']);
  });

  it("keeps the other graph's statements out of a transaction that rolls back", async () => {
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    const a = graphA.withTransaction(async () => {
      await graphA.db().run(sql`insert into t values ('undone')`);
      await paused;
      throw new Error('the job failed');
    });
    await new Promise((r) => setTimeout(r, 10));
    // Before, this ran inside the open transaction and was rolled back with it.
    const b = graphB
      .db()
      .run(sql`insert into t values ('kept')`)
      .then(() => undefined); // a query runs when it is awaited: start it now
    setTimeout(resume, 20);
    await expect(a).rejects.toThrow('the job failed');
    await b;
    expect(await rows()).not.toContain('undone');
    expect(await rows()).toContain('kept');
  });
});
