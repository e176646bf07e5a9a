import { afterEach, describe, expect, it, vi } from 'vitest';

process.env.APP_SECRET_KEY ??= 'optimize-test-key-that-is-long-enough-01';

const { openDb, setDbForTests } = await import('@/db');
const { mergeSearchIndex, optimizeDatabase, startOptimizer } = await import('./optimize');
const { insertTestIntegration } = await import('./test-helpers');
const { insertDelivery } = await import('./deliveries');
const { listDeliveries } = await import('./deliveries-list');
const { deliveryFiltersSchema } = await import('@/lib/validations/delivery');

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

describe("the search index's merge", () => {
  it('leaves one b-tree of what the writes left, in steps, and finds what it found before', async () => {
    const db = openDb(':memory:');
    setDbForTests(db);
    const integration = { id: insertTestIntegration(db), name: 'Shop' };
    // Pages of 64 bytes rather than 4 kB, so a test's few rows fill several and the merge takes steps.
    db.$client.exec(`insert into deliveries_fts (deliveries_fts, rank) values ('pgsz', 64)`);
    const ids: number[] = [];
    // One transaction each, as the collector writes: each leaves a b-tree of its own.
    for (let i = 0; i < 40; i++)
      ids.push(
        (
          await insertDelivery({
            integration,
            source: 'api',
            operation: 'add',
            event: { type: 'PURCHASE', email: `buyer${i}@shop.pl`, externalId: `ORD-55${i}` },
          })
        ).id,
      );
    const btrees = () =>
      db.$client.prepare('select count(distinct segid) from deliveries_fts_idx').pluck().get() as number;
    expect(btrees()).toBeGreaterThan(1);
    // A page per step, so the merge takes several.
    expect(await mergeSearchIndex(1)).toBeGreaterThan(2);
    expect(btrees()).toBe(1);
    const found = await listDeliveries(deliveryFiltersSchema.parse({ q: 'ORD-55', limit: 100 }));
    expect(found.items.map((d) => d.id)).toEqual([...ids].reverse());
    // Nothing left to merge: one step finds so.
    expect(await mergeSearchIndex(1)).toBe(1);
  });
});
