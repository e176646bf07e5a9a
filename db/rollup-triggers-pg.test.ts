// PostgreSQL's rollup triggers (issue 17: statement-level, with transition tables, migration
// statement_rollups) against their definition, on the throwaway cluster: random statements of every kind
// that changes deliveries or attempts, most of them over many rows at once as the backfill, the
// collector's group commit and the worker write them, and after each one every rollup table must equal
// its raw GROUP BY view over deliveries and attempts (the rows that hold anything). A seeded generator
// makes a failure reproduce: the message names the seed, the step and the statement.
import { beforeEach, describe, expect, test } from 'vitest';

// @ts-expect-error: a plain .mjs module of the benchmarks, without types
import { random } from '@/scripts/bench/history-data.mjs';

import { runPgMigrations } from './migrate-pg';
import * as pgSchema from './schema.pg';
import { schemaShape } from './schema-shape';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from './test-helpers';

const pool = pgTestPool(await freshPgDatabase());
await runPgMigrations(pool);

const shape = schemaShape(pgSchema);
/** The overview's rollup tables: every table named rollup_… (collector_refusals is written by code). */
const ROLLUPS = Object.keys(shape).filter((t) => t.startsWith('rollup_'));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A whole day (UTC midnight), so the generated times fall on hour, half-hour and day edges too. */
const START = Math.floor(1_796_000_000_000 / DAY) * DAY;

const q = (v: unknown) =>
  v === null ? 'null' : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);
const rows = async (statement: string) =>
  (await pool.query(statement)).rows as Array<Record<string, unknown>>;

beforeEach(async () => {
  await pool.query(
    `truncate attempts, deliveries, integrations, ${ROLLUPS.join(', ')} restart identity cascade`,
  );
  for (const id of [1, 2, 3])
    await pool.query(
      `insert into integrations (id, name, endpoint, client_id, owner, api_key_enc, api_key_hint, api_secret_enc,
         api_secret_hint, collector_key, updated_at)
       values (${id}, 'Shop ${id}', 'https://example.test', 'c${id}', 'owner@example.test', 'x', 'x', 'x', 'x', 'k${id}', 0)`,
    );
});

/**
 * The rows (those holding anything: the triggers may leave rows at zero) where a rollup table and its raw
 * view differ, each marked with the side it is on; none when they are equal.
 */
async function differences(table: string) {
  const t = shape[table]!;
  const columns = Object.keys(t.columns).join(', ');
  const holding = Object.keys(t.columns)
    .filter((c) => !t.primaryKey.includes(c))
    .map((c) => `${c} <> 0`)
    .join(' or ');
  const kept = `select ${columns} from ${table} where ${holding}`;
  const raw = `select ${columns} from ${table}_raw where ${holding}`;
  return rows(
    `select * from (select 'table' as side, * from (${kept} except all ${raw}) a
       union all select 'raw view', * from (${raw} except all ${kept}) b) d
     order by ${t.primaryKey.join(', ')}, side`,
  );
}
async function expectRollupsAsDefined(where: string) {
  for (const table of ROLLUPS) expect(await differences(table), `${table} after ${where}`).toEqual([]);
}

const STATUSES = ['queued', 'sending', 'succeeded', 'failed', 'retrying', 'cancelled'];
const REASONS = [null, 'dns', 'contact-missing', 'http-500'];
// Spaces, empty parts and repeats: products are split on commas and trimmed, empty ones dropped.
const PRODUCTS = ['A, B', 'A,A', ' , C', 'B,,a', 'x"y\\z, \t tab', null];
// Revenue is kept in ten-thousandths rounded half away from zero: values on the half and below a cent.
const VALUES = [12.5, 0.00005, 0.00015, 1.23455, 99.99995, 0, -3.2, null];
const INSERT_COLUMNS =
  'id, integration_id, integration_name, source, operation, type, contact, products, value, currency, event_date, event, status, reason, attempt_count, resend_of, created_at, updated_at';

/** A random walk of statements over a fresh history; checks the rollups after each. */
async function walk(seed: number, steps: number) {
  const rnd = random(seed) as () => number;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const some = <T>(list: readonly T[], share: number) => list.filter(() => rnd() < share);
  let clock = START;
  let attemptNumber = 0;
  /** A time near the clock, often right on an hour's, a half hour's or a day's edge, or a millisecond off. */
  const near = (base: number) => {
    const unit = pick([HOUR, HOUR / 2, DAY]);
    return rnd() < 0.5 ? base : Math.floor(base / unit) * unit + pick([-1, 0, 1]);
  };
  const ids = async () => (await rows('select id from deliveries order by id')).map((r) => r.id as number);
  const idList = (list: number[]) => (list.length ? list.join(', ') : 'null');

  /** A multi-row insert; now and then with explicit ids, so a resend can name an original of the same statement. */
  async function insertMany() {
    const existing = await ids();
    const explicit = rnd() < 0.3;
    let next = (existing.at(-1) ?? 0) + 1;
    const values: string[] = [];
    for (let i = 0, k = 1 + Math.floor(rnd() * 40); i < k; i++) {
      if (rnd() < 0.3) clock += Math.floor(rnd() * 3 * HOUR);
      const id = explicit ? next++ : null;
      const earlier = explicit && i > 0 ? [...existing, id! - 1] : existing;
      const resend = earlier.length > 0 && rnd() < 0.25;
      const type = pick(['PURCHASE', 'PURCHASE', 'CART', 'VISIT', 'OTHER', 'LOGIN']);
      const createdAt = near(clock);
      values.push(
        `(${[
          id ?? 'default',
          q(pick([1, 2, 3, null])),
          q('Shop'),
          q(resend ? 'resend' : pick(['api', 'website', 'composer', 'backfill'])),
          q(rnd() < 0.85 ? 'add' : 'update'),
          q(type),
          q('someone@example.test'),
          q(type === 'VISIT' ? null : pick(PRODUCTS)),
          q(pick(VALUES)),
          q(pick([null, 'PLN', 'EUR', ''])),
          near(createdAt - Math.floor(rnd() * 3 * DAY)),
          q('{}'),
          q(pick(STATUSES)),
          q(pick(REASONS)),
          Math.floor(rnd() * 5),
          q(resend ? pick(earlier) : null),
          createdAt,
          createdAt,
        ].join(', ')})`,
      );
    }
    return `insert into deliveries (${INSERT_COLUMNS}) values ${values.join(', ')}`;
  }

  const writes: Array<[number, () => Promise<string>]> = [
    [22, insertMany],
    // The worker's settle: many rows, each with its own outcome.
    [
      14,
      async () => {
        const chosen = some(await ids(), 0.4);
        const outcomes = chosen.map((id) => `(${id}, ${q(pick(STATUSES))}, ${q(pick(REASONS))})`);
        return outcomes.length
          ? `update deliveries d set status = v.status, reason = v.reason, attempt_count = d.attempt_count + 1
             from (values ${outcomes.join(', ')}) v (id, status, reason) where d.id = v.id`
          : `update deliveries set status = 'failed' where false`;
      },
    ],
    // The same outcome for many rows (bulk retry, cancel, mark delivered), resends and originals among them.
    [
      8,
      async () =>
        `update deliveries set status = ${q(pick(STATUSES))}, reason = ${q(pick(REASONS))}
         where id % 3 = ${Math.floor(rnd() * 3)}`,
    ],
    // One row: status, reason and attempts as a single retry or settle changes them.
    [
      8,
      async () =>
        `update deliveries set status = ${q(pick(STATUSES))}, reason = ${q(pick(REASONS))},
           attempt_count = ${Math.floor(rnd() * 5)} where id = ${q(pick(await ids()) ?? null)}`,
    ],
    // The worker's claim (counts nothing) and writes of columns no rollup reads.
    [
      4,
      async () =>
        pick([
          `update deliveries set status = 'sending', attempt_count = attempt_count + 1, lease_owner = 'w'
           where status = 'queued' and id in (${idList(some(await ids(), 0.5))})`,
          `update deliveries set updated_at = updated_at + 1, reason_message = 'seen' where id % 2 = 0`,
        ]),
    ],
    // Any counted column of one or many rows.
    [
      12,
      async () => {
        const set = pick([
          `created_at = created_at + ${pick([-2 * HOUR, -1, 1, HOUR / 2, DAY])}`,
          `event_date = event_date - ${pick([1, HOUR, DAY])}`,
          `integration_id = ${q(pick([1, 2, 3, null]))}`,
          `products = ${q(pick(PRODUCTS))}`,
          `value = ${q(pick(VALUES))}, currency = ${q(pick(['PLN', 'USD', null]))}`,
          `type = ${q(pick(['PURCHASE', 'CART', 'VISIT']))}`,
          `source = ${q(pick(['api', 'resend', 'backfill']))}`,
          `operation = ${q(pick(['add', 'update']))}`,
          `resend_of = ${q(pick([null, ...(await ids())]))}`,
        ]);
        return `update deliveries set ${set} where id in (${idList(some(await ids(), pick([0.05, 0.5])))})`;
      },
    ],
    // A resend of a failed delivery, and one statement settling resends with their originals.
    [
      8,
      async () => {
        const failed = (await rows(`select id from deliveries where status = 'failed'`)).map((r) => r.id);
        const resends = (
          await rows('select id, resend_of from deliveries where resend_of is not null')
        ).flatMap((r) => [r.id as number, r.resend_of as number]);
        if (rnd() < 0.5 && failed.length) {
          clock += Math.floor(rnd() * HOUR);
          return `insert into deliveries (${INSERT_COLUMNS}) values (default, 1, 'Shop', 'resend', 'add', 'VISIT',
            'someone@example.test', null, null, null, ${clock}, '{}', ${q(pick(['succeeded', 'queued', 'failed']))},
            null, 1, ${pick(failed)}, ${clock}, ${clock})`;
        }
        return `update deliveries set status = ${q(pick(['succeeded', 'failed', 'cancelled']))}
          where id in (${idList(some(resends, 0.5))})`;
      },
    ],
    [
      4,
      async () =>
        pick([
          `delete from deliveries where id in (${idList(some(await ids(), 0.15))})`,
          `delete from deliveries where id = ${q(pick(await ids()) ?? null)}`,
        ]),
    ],
    // The worker's attempts: many at once, in flight (no duration) or finished.
    [
      10,
      async () => {
        attemptNumber++;
        return `insert into attempts (delivery_id, number, started_at, duration_ms, url, request, outcome)
          select id, ${attemptNumber}, ${near(clock)} + id, case when id % 4 = 0 then null else id * 37 % 5000 end,
            'https://example.test', '{}', 'succeeded'
          from deliveries where id in (${idList(some(await ids(), 0.5))})`;
      },
    ],
    [
      7,
      async () => {
        const set = pick([
          `duration_ms = ${q(pick([null, 0, 1, 250, 9000]))}`,
          `duration_ms = coalesce(duration_ms, 0) + 700`,
          `started_at = started_at + ${pick([HOUR, DAY, -1])}`,
          `delivery_id = ${q(pick(await ids()) ?? null)}`,
        ]);
        return `update attempts set ${set} where id % ${1 + Math.floor(rnd() * 3)} = 0`;
      },
    ],
    [3, async () => `delete from attempts where id % ${2 + Math.floor(rnd() * 3)} = 0`],
  ];
  const total = writes.reduce((s, [w]) => s + w, 0);
  let most = 0;
  for (let step = 0; step < steps; step++) {
    let x = rnd() * total;
    const [, write] = writes.find(([w]) => (x -= w) < 0)!;
    const statement = await write();
    // A statement that breaks a constraint (an attempt moved to a delivery just deleted) changes nothing.
    await pool.query(statement).catch((e: { code?: string }) => {
      if (e.code !== '23503' && e.code !== '23502') throw e;
    });
    await expectRollupsAsDefined(`seed ${seed}, step ${step}: ${statement}`);
    most = Math.max(most, (await ids()).length);
  }
  // An integration deleted: its deliveries' integration_id is set to null (ON DELETE SET NULL).
  await pool.query('delete from integrations where id = 2');
  await expectRollupsAsDefined(`seed ${seed}, integration 2 deleted`);
  await pool.query('delete from deliveries where id % 2 = 1');
  await expectRollupsAsDefined(`seed ${seed}, half the history deleted`);
  return most;
}

describe('PostgreSQL rollup triggers equal their raw views', { timeout: 4 * PG_TEST_TIMEOUT }, () => {
  test.each([1, 2, 3, 4])('after every statement of a random walk (seed %i)', async (seed) => {
    // The walk really built a history: deletes and moves keep it from staying trivial.
    expect(await walk(seed, 120)).toBeGreaterThan(50);
    const [counted] = await rows(
      `select (select count(*) from rollup_worth where orders <> 0) as worth,
         (select count(*) from rollup_products where n <> 0) as products,
         (select count(*) from rollup_answer_times where n <> 0) as answer_times,
         (select count(*) from rollup_attention where failed <> 0) as attention`,
    );
    for (const [table, n] of Object.entries(counted!)) expect(n, table).toBeGreaterThan(0);
  });

  test('a resend and its original changed by one statement, either way round', async () => {
    const d = (id: number, status: string, resendOf: number | null, at: number) =>
      `(${id}, 1, 'Shop', ${q(resendOf ? 'resend' : 'api')}, 'add', 'VISIT', 'someone@example.test', null, null, null,
        ${at}, '{}', ${q(status)}, ${q(status === 'failed' ? 'http-500' : null)}, 1, ${q(resendOf)}, ${at}, ${at})`;
    const steps = [
      // The original and a succeeded resend of it in one insert: never unresolved.
      `insert into deliveries (${INSERT_COLUMNS}) values ${d(1, 'failed', null, START)}, ${d(2, 'succeeded', 1, START + 1)}`,
      `insert into deliveries (${INSERT_COLUMNS}) values ${d(3, 'failed', null, START + HOUR)}, ${d(4, 'queued', 3, START + HOUR)}, ${d(5, 'queued', 3, START + HOUR)}`,
      `update deliveries set status = 'succeeded' where id in (4, 5)`, // two resends resolve 3 at once
      `update deliveries set status = 'failed' where id = 4`, // 5 still resolves it
      `update deliveries set status = 'succeeded', reason = null where id in (3, 5)`, // original and resend
      `update deliveries set status = 'failed', reason = 'dns' where id in (3, 5)`, // 3 unresolved again
      `update deliveries set resend_of = 3 where id = 2`, // 2 leaves 1 (unresolved) and resolves 3
      `delete from deliveries where id in (2, 3)`,
      `update deliveries set status = 'succeeded', resend_of = 1 where id = 4`,
    ];
    for (const statement of steps) {
      await pool.query(statement);
      await expectRollupsAsDefined(statement);
    }
    // 5 failed without a succeeded resend; 1 is resolved by 4.
    expect(
      await rows('select reason, integration_id, failed, retrying from rollup_attention where failed <> 0'),
    ).toEqual([{ reason: 'dns', integration_id: 1, failed: 1, retrying: 0 }]);
  });

  test('each rollup row is written once per statement, and the claim writes none', async () => {
    const client = await pool.connect();
    try {
      // Rows inserted or updated in rollup_sent by one statement. The transaction's counters may still
      // hold earlier transactions' (flushed only when the connection is idle), so the difference is read.
      const written = async (statement: string) => {
        const count = async () =>
          (
            await client.query(
              `select n_tup_ins + n_tup_upd as n from pg_stat_xact_user_tables where relname = 'rollup_sent'`,
            )
          ).rows[0].n as number;
        const before = await count();
        await client.query(statement);
        return (await count()) - before;
      };
      await client.query('begin');
      // 200 visits of one integration in one hour: 4 rollup_sent rows (two spans, the integration and all).
      expect(
        await written(
          `insert into deliveries (integration_id, integration_name, source, type, contact, event_date, event, status,
             created_at, updated_at)
           select 1, 'Shop', 'backfill', 'VISIT', 'c' || i || '@example.test', ${START}, '{}', 'queued', ${START} + i, ${START}
           from generate_series(1, 200) i`,
        ),
      ).toBe(4);
      expect(
        await written(`update deliveries set status = 'sending', attempt_count = attempt_count + 1`),
      ).toBe(0);
      expect(await written(`update deliveries set updated_at = 1, reason_message = 'seen'`)).toBe(0);
      expect(await written(`update deliveries set status = 'succeeded'`)).toBe(4);
      await client.query('commit');
    } finally {
      client.release();
    }
    await expectRollupsAsDefined('the settle');
  });
});
