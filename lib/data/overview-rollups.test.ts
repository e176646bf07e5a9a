// The rollups' property test (issue 15): random sequences of the console's real writes, and after each one
// every rollup table must equal its raw GROUP BY over deliveries and attempts (the `<table>_raw` views of
// migration 0014), and Needs attention's rollup must equal attention.ts's own definitions. A seeded
// generator makes a failure reproduce: the message names the seed and the step.
// The rollups' property test (issue 15): random sequences of the console's real writes, and after each one
// every rollup table must equal its raw GROUP BY over deliveries and attempts (the `<table>_raw` views of
// migration 0014 on SQLite, 0003 on PostgreSQL), and Needs attention's rollup must equal attention.ts's own
// definitions. A seeded generator makes a failure reproduce: the message names the seed, the engine and
// the step. On PostgreSQL the triggers are plpgsql BEFORE ROW triggers, not SQLite's: the same writes
// must leave the same rollups.
import Database from 'better-sqlite3';
import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

import { MIGRATIONS_FOLDER } from '@/db/migrate';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';

import { ROLLUP_EVENT_TYPES } from '@/db/enums';
import { currencyOf } from '@/lib/salesmanago/currency';
import { EVENT_TYPES } from '@/lib/salesmanago/event-types';
// @ts-expect-error: a plain .mjs module of the benchmarks, without types
import { random } from '@/scripts/bench/history-data.mjs';

process.env.APP_SECRET_KEY ??= 'rollups-test-key-that-is-long-enough-001';

const { setDbForTests, setPgEngine, schema } = await import('@/db');
const { db, rawRows } = await import('./engine');
const { insertDelivery } = await import('./deliveries');
const { failedNeedingAttention, retryingNeedingAttention } = await import('./attention');
const { randomWrites } = await import('./overview-rollups-writes');
const { getOverview } = await import('./overview');
const { overviewQuerySchema } = await import('@/lib/validations/overview');
const { addTestIntegration, ENGINES, migrationsBefore, testOnEngine } = await import('./test-helpers');

const d = schema.deliveries;

/** Each rollup table the triggers keep, as its schema table (its columns, in order). */
const TABLES = {
  rollup_sent: schema.rollupSent,
  rollup_reasons: schema.rollupReasons,
  rollup_worth: schema.rollupWorth,
  rollup_products: schema.rollupProducts,
  rollup_products_weekly: schema.rollupProductsWeekly,
  rollup_answer_times: schema.rollupAnswerTimes,
  rollup_attention: schema.rollupAttention,
};
type Table = keyof typeof TABLES;
/** The key columns of the rollup tables; every other column is a count or a sum. */
const KEYS = new Set([
  'span_hours',
  'bucket',
  'integration_id',
  'basis',
  'currency',
  'reason',
  'product',
  'day',
  'week',
  'ms_bucket',
]);

/** A table's rows that hold anything (the triggers leave rows at zero; a GROUP BY has none), sorted. */
async function rowsOf(name: Table, from: string = name): Promise<string[]> {
  const columns = Object.values(getTableColumns(TABLES[name])).map((c) => c.name);
  const values = columns.filter((c) => !KEYS.has(c));
  const rows = await rawRows<Record<string, unknown>>(sql.raw(`select ${columns.join(', ')} from ${from}`));
  return rows
    .filter((r) => values.some((v) => r[v] !== 0))
    .map((r) => JSON.stringify(columns.map((c) => r[c])))
    .sort();
}

/** Needs attention by attention.ts's own query, per reason and integration, as the rollup keys them. */
async function attentionByDefinition(): Promise<string[]> {
  const branch = (where: ReturnType<typeof failedNeedingAttention>) =>
    db()
      .select({
        reason: sql<string>`coalesce(${d.reason}, '')`,
        integrationId: sql<number>`coalesce(${d.integrationId}, 0)`.mapWith(Number),
        n: count(),
      })
      .from(d)
      .where(where)
      .groupBy(sql`1`, sql`2`);
  const map = new Map<string, [number, number]>();
  const both = [await branch(failedNeedingAttention()), await branch(retryingNeedingAttention())];
  for (const [i, rows] of both.entries()) {
    for (const r of rows) {
      const key = JSON.stringify([r.reason, r.integrationId]);
      const v = map.get(key) ?? [0, 0];
      v[i as 0 | 1] += r.n;
      map.set(key, v);
    }
  }
  return [...map.entries()].map(([k, v]) => JSON.stringify([...JSON.parse(k), ...v])).sort();
}

async function assertRollups(where: string) {
  for (const table of Object.keys(TABLES) as Table[])
    expect(await rowsOf(table), `${table} after ${where}`).toEqual(await rowsOf(table, `${table}_raw`));
  expect(await rowsOf('rollup_attention'), `Needs attention after ${where}`).toEqual(
    await attentionByDefinition(),
  );
}

/** Runs `steps` random writes of `seed`, each followed by the rollups' check and then `after(step)`. */
async function run(seed: number, steps: number, kind: string, after?: (step: number) => Promise<void>) {
  const rnd = random(seed);
  const { writes, tick, pick } = await randomWrites(rnd, (values) => addTestIntegration(values));
  let most = 0;
  for (let step = 0; step < steps; step++) {
    tick();
    const [name, write] = pick(writes);
    await write();
    await assertRollups(`step ${step} (${name}), seed ${seed} on ${kind}`);
    await after?.(step);
    const [row] = await db().select({ n: count() }).from(d);
    most = Math.max(most, row!.n);
  }
  return most;
}

/** The clock of the cross-engine comparison's writes, and its overviews, per engine. */
const SAME_CLOCK = Date.UTC(2026, 5, 15, 10, 20);
const overviews = new Map<string, unknown[]>();

it('the rollups count a column for each of SALESmanago’s event types', () => {
  expect(ROLLUP_EVENT_TYPES).toEqual(EVENT_TYPES);
});

describe.each(ENGINES)(
  'the overview rollups equal a GROUP BY over the history after every write, on %s',
  { timeout: PG_TEST_TIMEOUT },
  (kind) => {
    testOnEngine(kind);

    for (const seed of [1, 2, 3, 4, 5, 6]) {
      it(`seed ${seed}`, async () => {
        // The sequence really built a history at some point (erasure and retention may empty it again).
        expect(await run(seed, 120, kind)).toBeGreaterThan(10);
        expect((await rowsOf('rollup_sent')).length).toBeGreaterThan(0);
      }, 120_000);
    }

    // The same seeded writes on each engine, then the overview of every period, zone, basis and scope: the
    // answers are compared across engines below.
    it('answers the overview of a random history', async () => {
      const answers: unknown[] = [];
      // Every 30 steps (later steps may erase much of what earlier ones wrote), as of an hour after
      // the clock the writes that take no time of their own use.
      const overviewsNow = async (step: number) => {
        if (step % 30 !== 29) return;
        for (const period of ['today', '7d', '90d'])
          for (const tz of ['Europe/Warsaw', 'Asia/Kolkata'])
            for (const basis of ['event', 'sent'])
              for (const integrationId of [undefined, 1, 2])
                answers.push(
                  await getOverview(
                    overviewQuerySchema.parse({ period, tz, basis, integrationId }),
                    SAME_CLOCK + 3_600_000,
                  ),
                );
      };
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(SAME_CLOCK);
      try {
        await run(7, 120, kind, overviewsNow);
      } finally {
        vi.useRealTimers();
      }
      overviews.set(kind, answers);
    }, 120_000);

    it('a failure resolved by a successful resend leaves the unresolved count, and comes back if that resend goes', async () => {
      const shop = await addTestIntegration();
      const [integration] = await db()
        .select()
        .from(schema.integrations)
        .where(eq(schema.integrations.id, shop));
      const now = Date.now();
      const add = async (resendOf: number | null) =>
        (
          await insertDelivery({
            integration: integration!,
            source: resendOf ? 'resend' : 'api',
            operation: 'add',
            event: { type: 'VISIT', email: 'a@example.com' },
            resendOf,
            now,
          })
        ).id;
      const original = await add(null);
      await db().update(d).set({ status: 'failed', reason: 'owner-invalid' }).where(eq(d.id, original));
      const unresolved = async () => {
        const [row] = await rawRows<{ n: number }>(
          sql`select sum(unresolved) as n from rollup_sent where span_hours = 1 and integration_id = -1`,
        );
        return row!.n;
      };
      expect(await unresolved()).toBe(1);
      const resend = await add(original);
      await db().update(d).set({ status: 'succeeded' }).where(eq(d.id, resend));
      expect(await unresolved()).toBe(0);
      await db().delete(d).where(eq(d.id, resend));
      expect(await unresolved()).toBe(1);
      await assertRollups('a resend deleted');
    });
  },
);

describe('the overview of the same writes', () => {
  it('is the same on both engines, number for number', () => {
    const sqlite = overviews.get('sqlite') as Array<{ health: { sent: { value: number } } }> | undefined;
    expect(sqlite).toHaveLength(4 * 3 * 2 * 2 * 3);
    expect(sqlite, 'the SQLite run answered').toBeDefined();
    expect(overviews.get('pg'), 'the PostgreSQL run answered').toBeDefined();
    // A history that shows: some overview counted deliveries.
    expect(Math.max(...sqlite!.map((o) => o.health.sent.value))).toBeGreaterThan(10);
    expect(overviews.get('pg')).toEqual(sqlite);
  });
});

// SQLite only: PostgreSQL's rollup migration runs on the empty database its first migration made
// (db:copy fills it after, through the triggers).
describe('the SQLite migration that adds the rollups', () => {
  it('the migration fills the rollups, and the currency, of the deliveries written before it', async () => {
    setPgEngine(undefined);
    // A database as the release before the overview left it: the migrations before the overview's only.
    const before = migrationsBefore(MIGRATIONS_FOLDER, /overview/);
    const client = new Database(':memory:');
    client.pragma('foreign_keys = ON');
    migrate(drizzle(client), { migrationsFolder: before });
    fs.rmSync(before, { recursive: true, force: true });

    const integration = client.prepare(
      `insert into integrations (name, endpoint, client_id, owner, api_key_enc, api_key_hint, api_secret_enc,
         api_secret_hint, collector_key, detail_labels, updated_at) values (?, 'https://x', 'c', 'o', 'x', 'x', 'x', 'x', ?, ?, 1)`,
    );
    const shop = Number(integration.run('Shop', 'k1', null).lastInsertRowid);
    const outlet = Number(
      integration.run('Outlet', 'k2', JSON.stringify({ detail9: 'Notes', detail4: 'Waluta' }))
        .lastInsertRowid,
    );
    const insert = client.prepare(
      `insert into deliveries (integration_id, integration_name, source, type, contact, products, value, event_date,
         event, status, reason, resend_of, attempt_count, created_at, updated_at)
       values (?, 'x', ?, ?, 'a@example.com', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rnd = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const start = Date.now() - 30 * 86_400_000;
    for (let i = 0; i < 300; i++) {
      const type = pick(['PURCHASE', 'CART', 'VISIT'] as const);
      const event = {
        type,
        email: 'a@example.com',
        ...(rnd() < 0.7 ? { detail9: pick(['EUR', 'PLN']) } : {}),
        ...(rnd() < 0.4 ? { detail4: pick(['USD', ' CZK ']) } : {}),
      };
      const at = start + i * 3_600_000;
      const status = pick(['queued', 'succeeded', 'failed', 'retrying', 'cancelled'] as const);
      const row = insert.run(
        pick([shop, outlet, null]),
        i > 10 && rnd() < 0.2 ? 'resend' : pick(['api', 'website', 'backfill']),
        type,
        type === 'PURCHASE' ? 'SKU-1,SKU-2' : null,
        Math.round(rnd() * 10000) / 100,
        at - 86_400_000,
        JSON.stringify(event),
        status,
        status === 'failed' || status === 'retrying' ? pick(['dns', 'owner-invalid']) : null,
        i > 10 && rnd() < 0.2 ? 1 + Math.floor(rnd() * i) : null,
        1 + Math.floor(rnd() * 4),
        at,
        at,
      );
      client
        .prepare(
          `insert into attempts (delivery_id, number, started_at, duration_ms, url, request, outcome)
          values (?, 1, ?, ?, 'https://x', '{}', 'succeeded')`,
        )
        .run(row.lastInsertRowid, at, Math.floor(rnd() * 2000));
    }

    migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    setDbForTests(drizzle(client, { schema }) as unknown as Parameters<typeof setDbForTests>[0]);
    await assertRollups('the migration');
    expect((await rowsOf('rollup_worth')).length).toBeGreaterThan(10);
    // The same currency as the code that writes deliveries reads now.
    const labels = new Map([
      [shop, {}],
      [outlet, { detail9: 'Notes', detail4: 'Waluta' }],
    ]);
    const rows = await db()
      .select({ event: d.event, integrationId: d.integrationId, currency: d.currency })
      .from(d);
    for (const r of rows) {
      const expected =
        currencyOf(r.event as Record<string, unknown>, labels.get(r.integrationId ?? -1) ?? {}) || null;
      expect(r.currency, JSON.stringify(r)).toBe(expected);
    }
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['EUR', 'PLN', 'USD', 'CZK', null]));
  });
});
