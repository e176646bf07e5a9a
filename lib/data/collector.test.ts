import pg from 'pg';
import { vi, beforeEach, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'collector-test-key-that-is-long-enough-01';

const { getDb, schema } = await import('@/db');
const { PG_TEST_TIMEOUT } = await import('@/db/test-helpers');
const { countCollectorRefusal, findCollectorIntegration, insertCollectedDelivery } =
  await import('./collector');
const { db } = await import('./engine');
const { DEFAULT_ALLOWED_TYPES } = await import('@/lib/validations/collector');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');

let integrationId = 0;

const delivery = (email: string, integration = integrationId) => ({
  integrationId: integration,
  event: { type: 'CART' as const, email },
  pageUrl: 'https://shop.example.com/cart',
  origin: 'https://shop.example.com',
  userAgent: 'test',
});

const rows = () => db().select().from(schema.deliveries).orderBy(schema.deliveries.id);
const counters = () => db().select().from(schema.collectorRefusals);
/** The driver's own words under drizzle's "Failed query" (SQLite's or PostgreSQL's). */
const driverMessage = (err: unknown) => String((err as { cause?: unknown }).cause ?? err);

describe.each(ENGINES)('the collector on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    integrationId = await addTestIntegration({
      clientId: 'abc123',
      collectorKey: 'ck_test_key',
      collectorAllowedOrigins: ['https://shop.example.com'],
      detailLabels: { detail9: 'Currency' },
    });
  });

  it('finds an integration by its key, with its origins, types and detail names', async () => {
    expect(await findCollectorIntegration('ck_test_key')).toMatchObject({
      id: integrationId,
      name: 'Shop',
      allowedOrigins: ['https://shop.example.com'],
      allowedTypes: [...DEFAULT_ALLOWED_TYPES],
      detailLabels: { detail9: 'Currency' },
    });
    expect(await findCollectorIntegration('ck_nope')).toBeUndefined();
  });

  it('writes the requests of one turn, each resolved once committed, as queued website deliveries', async () => {
    const writes = ['a', 'b', 'c'].map((n) =>
      insertCollectedDelivery(delivery(`${n}@example.com`), { name: 'Shop', detailLabels: {} }, 1),
    );
    // Nothing is written before the turn ends…
    expect(await rows()).toHaveLength(0);
    await Promise.all(writes);
    expect((await rows()).map((r) => [r.contact, r.status, r.source, r.event])).toEqual(
      ['a', 'b', 'c'].map((n) => [
        `${n}@example.com`,
        'queued',
        'website',
        { type: 'CART', email: `${n}@example.com`, date: 1 },
      ]),
    );
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
    expect(driverMessage(await bad.catch((err: unknown) => err))).toMatch(/foreign key/i);
    await expect(alsoGood).resolves.toBeUndefined();
    expect((await rows()).map((r) => r.contact)).toEqual(['good@example.com', 'also@example.com']);
  });

  it('counts refused requests per hour and cause, for the integration and for all, without a row per request', async () => {
    const hour = Date.parse('2026-06-15T10:00:00Z');
    for (let i = 0; i < 50; i++) countCollectorRefusal(integrationId, 'rate-limited', hour + i);
    countCollectorRefusal(integrationId, 'origin', hour + 3_600_000);
    await insertCollectedDelivery(delivery('a@example.com'), { name: 'Shop' }, hour);
    const tiers = (of: number) =>
      counters().then((all) =>
        all
          .filter((c) => c.integrationId === of)
          .map((c) => [c.spanHours, c.cause, c.n])
          .sort(),
      );
    expect(await tiers(integrationId)).toEqual(
      [
        [1, 'origin', 1],
        [1, 'rate-limited', 50],
        [24, 'origin', 1],
        [24, 'rate-limited', 50],
      ].sort(),
    );
    // The same counts for every integration together (-1).
    expect(await tiers(-1)).toEqual(await tiers(integrationId));
    // Each tier's bucket is a whole number: the UTC hour, and the UTC day (not a fraction of one).
    const h = hour / 3_600_000;
    expect([
      ...new Set(
        (await counters())
          .filter((c) => c.cause === 'rate-limited')
          .map((c) => [c.spanHours, c.bucket].join()),
      ),
    ]).toEqual([`1,${h}`, `24,${Math.floor(h / 24)}`]);
    // Refusals alone (a site whose every request is refused) are written too, and add up.
    countCollectorRefusal(integrationId, 'invalid', hour);
    countCollectorRefusal(integrationId, 'rate-limited', hour + 5);
    await vi.waitFor(async () =>
      expect((await counters()).filter((c) => c.cause === 'invalid')).toHaveLength(4),
    );
    expect(await tiers(integrationId)).toContainEqual([1, 'rate-limited', 51]);
    expect(await rows()).toHaveLength(1);
  });
});

describe('the collector on SQLite: group commit', () => {
  testOnEngine('sqlite');

  it('writes the requests and counters of one turn in one transaction', async () => {
    integrationId = await addTestIntegration();
    const spy = vi.spyOn(getDb().$client, 'transaction');
    countCollectorRefusal(integrationId, 'origin', 1);
    await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        insertCollectedDelivery(delivery(`${n}@example.com`), { name: 'Shop', detailLabels: {} }, 1),
      ),
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await rows()).toHaveLength(3);
    expect(await counters()).toHaveLength(4);
  });
});

describe('the collector on PostgreSQL: group commit', { timeout: PG_TEST_TIMEOUT }, () => {
  testOnEngine('pg');

  /** The SQL of a node-postgres query call (drizzle passes a config object, others a string). */
  const text = (arg: unknown) => (typeof arg === 'string' ? arg : ((arg as { text?: string }).text ?? ''));
  const turn = () => new Promise((r) => setImmediate(r));

  it('writes a turn as one insert that commits by itself; what arrives meanwhile waits for the next', async () => {
    integrationId = await addTestIntegration();
    // Every insert into deliveries holds an advisory lock until it commits: no transaction may keep it
    // across round trips to BEGIN … COMMIT. Every statement of the pool's clients passes here.
    const query = pg.Client.prototype.query as (...args: unknown[]) => Promise<unknown>;
    const statements: string[] = [];
    const inserts: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(async function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      statements.push(text(args[0]));
      if (/^insert into "deliveries"/.test(text(args[0]))) {
        inserts.push((args[1] as unknown[]).length);
        // The first flush is held in flight while more requests arrive.
        if (inserts.length === 1) await held;
      }
      return query.apply(this, args);
    } as never);
    const write = (n: string) =>
      insertCollectedDelivery(delivery(`${n}@example.com`), { name: 'Shop', detailLabels: {} }, 1);
    const first = ['a', 'b'].map(write);
    await vi.waitFor(() => expect(inserts).toHaveLength(1));
    const later = [write('c')];
    await turn();
    later.push(write('d'), write('e'));
    await turn();
    expect(inserts).toHaveLength(1);
    release();
    await Promise.all([...first, ...later]);
    // Two statements: a and b, then the three that arrived while they were written.
    expect(inserts).toHaveLength(2);
    expect(inserts[1]! / inserts[0]!).toBe(3 / 2);
    expect(statements.filter((q) => /^\s*(begin|commit|savepoint)/i.test(q))).toEqual([]);
    expect((await rows()).map((r) => r.contact)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@example.com`),
    );
  });
});
