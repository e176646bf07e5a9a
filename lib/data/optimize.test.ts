import { afterEach, describe, expect, it, vi } from 'vitest';

process.env.APP_SECRET_KEY ??= 'optimize-test-key-that-is-long-enough-01';

const { openDb, setDbForTests } = await import('@/db');
const { optimizeDatabase, startOptimizer } = await import('./optimize');
const { insertTestIntegration } = await import('./test-helpers');

afterEach(() => vi.useRealTimers());

const statRows = (db: ReturnType<typeof openDb>) =>
  (
    db.$client.prepare("select count(*) n from sqlite_stat1 where tbl = 'integrations'").get() as {
      n: number;
    }
  ).n;

describe('planner statistics', () => {
  it('are gathered when the database opens', async () => {
    const db = openDb(':memory:');
    setDbForTests(db);
    for (let i = 0; i < 5; i++) insertTestIntegration(db);
    expect(
      db.$client.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get(),
    ).toBeUndefined();
    await optimizeDatabase(true);
    expect(statRows(db)).toBeGreaterThan(0);
  });

  it('are refreshed on the timer', () => {
    vi.useFakeTimers();
    const db = openDb(':memory:');
    setDbForTests(db);
    const pragma = vi.spyOn(db.$client, 'pragma');
    const stop = startOptimizer(1000);
    vi.advanceTimersByTime(2500);
    expect(pragma.mock.calls.filter(([p]) => p === 'optimize')).toHaveLength(2);
    stop();
    vi.advanceTimersByTime(5000);
    expect(pragma.mock.calls.filter(([p]) => p === 'optimize')).toHaveLength(2);
  });
});
