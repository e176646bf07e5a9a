import { beforeEach, describe, expect, it, vi } from 'vitest';

process.env.APP_SECRET_KEY ??= 'collector-test-key-that-is-long-enough-01';

const { openDb, setDbForTests, schema } = await import('@/db');
const { countCollectorRefusal, insertCollectedDelivery } = await import('./collector');
const { insertTestIntegration } = await import('./test-helpers');

type Db = ReturnType<typeof openDb>;
let db: Db;
let integrationId = 0;

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
  integrationId = insertTestIntegration(db, { clientId: 'abc123' });
});

const delivery = (email: string, integration = integrationId) => ({
  integrationId: integration,
  event: { type: 'CART' as const, email },
  pageUrl: 'https://shop.example.com/cart',
  origin: 'https://shop.example.com',
  userAgent: 'test',
});

const rows = () => db.select().from(schema.deliveries).all();

describe('collector inserts (group commit)', () => {
  it('writes the requests of one turn in one transaction, each resolved once committed', async () => {
    const spy = vi.spyOn(db.$client, 'transaction');
    const writes = ['a', 'b', 'c'].map((n) =>
      insertCollectedDelivery(delivery(`${n}@example.com`), { name: 'Shop', detailLabels: {} }, 1),
    );
    // Nothing is written before the turn ends…
    expect(rows()).toHaveLength(0);
    await Promise.all(writes);
    // …then all three at once, as queued website deliveries.
    expect(spy).toHaveBeenCalledTimes(1);
    expect(rows().map((r) => [r.contact, r.status, r.source])).toEqual([
      ['a@example.com', 'queued', 'website'],
      ['b@example.com', 'queued', 'website'],
      ['c@example.com', 'queued', 'website'],
    ]);
  });

  it('a row that cannot be written fails alone; the others of its turn are kept', async () => {
    const good = insertCollectedDelivery(delivery('good@example.com'), { name: 'Shop', detailLabels: {} }, 1);
    // No such integration: the foreign key refuses the row.
    const bad = insertCollectedDelivery(
      delivery('bad@example.com', 9999),
      { name: 'Gone', detailLabels: {} },
      1,
    );
    const alsoGood = insertCollectedDelivery(
      delivery('also@example.com'),
      { name: 'Shop', detailLabels: {} },
      1,
    );
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow(/FOREIGN KEY/);
    await expect(alsoGood).resolves.toBeUndefined();
    expect(rows().map((r) => r.contact)).toEqual(['good@example.com', 'also@example.com']);
  });

  it('counts refused requests per hour and cause in the same commit, without a row per request', async () => {
    const spy = vi.spyOn(db.$client, 'transaction');
    const hour = Date.parse('2026-06-15T10:00:00Z');
    for (let i = 0; i < 50; i++) countCollectorRefusal(integrationId, 'rate-limited', hour + i);
    countCollectorRefusal(integrationId, 'origin', hour + 3_600_000);
    const write = insertCollectedDelivery(delivery('a@example.com'), { name: 'Shop' }, hour);
    await write;
    expect(spy).toHaveBeenCalledTimes(1);
    const counters = db.select().from(schema.collectorRefusals).all();
    // The same counts for the integration and for every integration together (-1).
    expect(
      counters
        .filter((c) => c.integrationId === -1)
        .map((c) => [c.spanHours, c.cause, c.n])
        .sort(),
    ).toEqual(
      counters
        .filter((c) => c.integrationId === integrationId)
        .map((c) => [c.spanHours, c.cause, c.n])
        .sort(),
    );
    expect(
      counters
        .filter((c) => c.integrationId === integrationId)
        .map((c) => [c.spanHours, c.cause, c.n])
        .sort(),
    ).toEqual(
      [
        [1, 'origin', 1],
        [1, 'rate-limited', 50],
        [24, 'origin', 1],
        [24, 'rate-limited', 50],
      ].sort(),
    );
    // Each tier's bucket is a whole number: the UTC hour, and the UTC day (not a fraction of one).
    const h = hour / 3_600_000;
    expect([
      ...new Set(
        counters.filter((c) => c.cause === 'rate-limited').map((c) => [c.spanHours, c.bucket].join()),
      ),
    ]).toEqual([`1,${h}`, `24,${Math.floor(h / 24)}`]);
    // Refusals alone (a site whose every request is refused) are written too.
    countCollectorRefusal(integrationId, 'invalid', hour);
    await new Promise((r) => setImmediate(r));
    expect(
      db
        .select()
        .from(schema.collectorRefusals)
        .all()
        .filter((c) => c.cause === 'invalid'),
    ).toHaveLength(4);
    expect(rows()).toHaveLength(1);
  });
});
