// The rollups' property test (issue 15): random sequences of the console's real writes, and after each one
// every rollup table must equal its raw GROUP BY over deliveries and attempts (the `<table>_raw` views of
// migration 0014), and Needs attention's rollup must equal attention.ts's own definitions. A seeded
// generator makes a failure reproduce: the message names the seed and the step.
import { count, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

import { ROLLUP_EVENT_TYPES } from '@/db/enums';
import { EVENT_TYPES } from '@/lib/salesmanago/event-types';
// @ts-expect-error: a plain .mjs module of the benchmarks, without types
import { random } from '@/scripts/bench/history-data.mjs';

process.env.APP_SECRET_KEY ??= 'rollups-test-key-that-is-long-enough-001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { failedNeedingAttention, retryingNeedingAttention } = await import('./attention');
const { randomWrites } = await import('./overview-rollups-writes');
const { insertTestIntegration } = await import('./test-helpers');

const d = schema.deliveries;
let db: ReturnType<typeof openDb>;

const TABLES = [
  'rollup_sent',
  'rollup_reasons',
  'rollup_worth',
  'rollup_products',
  'rollup_answer_times',
  'rollup_attention',
];

/** A table's rows that hold anything (the triggers leave rows at zero; a GROUP BY has none), sorted. */
function rowsOf(name: string, from = name): string[] {
  const client = db.$client;
  const columns = client.pragma(`table_info(${name})`) as Array<{ name: string; pk: number }>;
  const values = columns.filter((c) => c.pk === 0).map((c) => c.name);
  return (client.prepare(`select * from ${from}`).all() as Array<Record<string, unknown>>)
    .filter((r) => values.some((v) => r[v] !== 0))
    .map((r) => JSON.stringify(columns.map((c) => r[c.name])))
    .sort();
}

/** Needs attention by attention.ts's own query, per reason and integration, as the rollup keys them. */
function attentionByDefinition(): string[] {
  const branch = (where: ReturnType<typeof failedNeedingAttention>) =>
    db
      .select({
        reason: sql<string>`coalesce(${d.reason}, '')`,
        integrationId: sql<number>`coalesce(${d.integrationId}, 0)`,
        n: count(),
      })
      .from(d)
      .where(where)
      .groupBy(sql`1`, sql`2`)
      .all();
  const map = new Map<string, [number, number]>();
  for (const [i, rows] of [branch(failedNeedingAttention()), branch(retryingNeedingAttention())].entries()) {
    for (const r of rows) {
      const key = JSON.stringify([r.reason, r.integrationId]);
      const v = map.get(key) ?? [0, 0];
      v[i as 0 | 1] += r.n;
      map.set(key, v);
    }
  }
  return [...map.entries()].map(([k, v]) => JSON.stringify([...JSON.parse(k), ...v])).sort();
}

function assertRollups(where: string) {
  for (const table of TABLES)
    expect(rowsOf(table), `${table} after ${where}`).toEqual(rowsOf(table, `${table}_raw`));
  expect(rowsOf('rollup_attention'), `Needs attention after ${where}`).toEqual(attentionByDefinition());
}

async function run(seed: number, steps: number) {
  const rnd = random(seed);
  const { writes, tick, pick } = randomWrites(db, rnd, (values) => insertTestIntegration(db, values));
  let most = 0;
  for (let step = 0; step < steps; step++) {
    tick();
    const [name, write] = pick(writes);
    await write();
    assertRollups(`step ${step} (${name}), seed ${seed}`);
    most = Math.max(most, db.select({ n: count() }).from(d).get()!.n);
  }
  return most;
}

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
});

describe('the overview rollups equal a GROUP BY over the history after every write', () => {
  it('count a column for each of SALESmanago’s event types', () => {
    expect(ROLLUP_EVENT_TYPES).toEqual(EVENT_TYPES);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}`, async () => {
      // The sequence really built a history at some point (erasure and retention may empty it again).
      expect(await run(seed, 120)).toBeGreaterThan(10);
      expect(rowsOf('rollup_sent').length).toBeGreaterThan(0);
    }, 30_000);
  }

  it('a failure resolved by a successful resend leaves the unresolved count, and comes back if that resend goes', () => {
    const shop = insertTestIntegration(db);
    const integration = db.select().from(schema.integrations).where(eq(schema.integrations.id, shop)).get()!;
    const now = Date.now();
    const add = (resendOf: number | null) =>
      insertDelivery({
        integration,
        source: resendOf ? 'resend' : 'api',
        operation: 'add',
        event: { type: 'VISIT', email: 'a@example.com' },
        resendOf,
        now,
      }).id;
    const original = add(null);
    db.update(d).set({ status: 'failed', reason: 'owner-invalid' }).where(eq(d.id, original)).run();
    const unresolved = () =>
      db.get<{ n: number }>(
        sql`select sum(unresolved) n from rollup_sent where span_hours = 1 and integration_id = -1`,
      ).n;
    expect(unresolved()).toBe(1);
    const resend = add(original);
    db.update(d).set({ status: 'succeeded' }).where(eq(d.id, resend)).run();
    expect(unresolved()).toBe(0);
    db.delete(d).where(eq(d.id, resend)).run();
    expect(unresolved()).toBe(1);
    assertRollups('a resend deleted');
  });
});
