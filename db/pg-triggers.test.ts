// The PostgreSQL migrations' custom parts (issue 17) against SQLite's, on the throwaway cluster: the same
// writes, as the same SQL, go to a migrated PostgreSQL database and to an in-memory SQLite console
// database, and what the triggers keep must come out the same (created_at, the searched text, every
// rollup table), and each rollup must equal its raw view.
import { beforeEach, describe, expect, test } from 'vitest';

import { openDb } from './index';
import { runPgMigrations } from './migrate-pg';
import * as pgSchema from './schema.pg';
import { schemaShape } from './schema-shape';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from './test-helpers';

const pool = pgTestPool(await freshPgDatabase());
await runPgMigrations(pool);

let sqlite: ReturnType<typeof openDb>['$client'];
const DATA_TABLES = ['attempts', 'deliveries', 'integrations'];
/** The overview's rollup tables: every table named rollup_… (collector_refusals is written by code, not triggers). */
const ROLLUPS = Object.keys(schemaShape(pgSchema)).filter((t) => t.startsWith('rollup_'));
beforeEach(async () => {
  sqlite = openDb(':memory:').$client;
  await pool.query(`truncate ${[...DATA_TABLES, ...ROLLUPS].join(', ')} restart identity cascade`);
});

/** One statement on both engines. */
async function both(statement: string): Promise<void> {
  sqlite.prepare(statement).run();
  await pool.query(statement);
}
const q = (v: unknown) =>
  v === null ? 'null' : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);

const integration = (id: number) =>
  `insert into integrations (id, name, endpoint, client_id, owner, api_key_enc, api_key_hint, api_secret_enc,
     api_secret_hint, collector_key, updated_at)
   values (${id}, 'Shop ${id}', 'https://example.test', 'c${id}', 'owner@example.test', 'x', 'x', 'x', 'x', 'k${id}', 0)`;

interface DeliveryInput {
  id?: number;
  integrationId?: number | null;
  source?: string;
  type?: string;
  contact?: string;
  externalId?: string | null;
  products?: string | null;
  value?: number | null;
  currency?: string | null;
  event?: Record<string, unknown>;
  status?: string;
  reason?: string | null;
  reasonMessage?: string | null;
  attemptCount?: number;
  operation?: string;
  resendOf?: number | null;
  createdAt: number;
  eventDate?: number;
}
function insertDelivery(d: DeliveryInput): string {
  const columns: Record<string, unknown> = {
    ...(d.id === undefined ? {} : { id: d.id }),
    integration_id: d.integrationId === undefined ? 1 : d.integrationId,
    integration_name: 'Shop',
    source: d.source ?? 'api',
    operation: d.operation ?? 'add',
    type: d.type ?? 'VISIT',
    contact: d.contact ?? 'someone@example.test',
    external_id: d.externalId ?? null,
    products: d.products ?? null,
    value: d.value ?? null,
    currency: d.currency ?? null,
    event_date: d.eventDate ?? d.createdAt,
    event: JSON.stringify(d.event ?? {}),
    status: d.status ?? 'queued',
    reason: d.reason ?? null,
    reason_message: d.reasonMessage ?? null,
    attempt_count: d.attemptCount ?? 0,
    resend_of: d.resendOf ?? null,
    created_at: d.createdAt,
    updated_at: d.createdAt,
  };
  return `insert into deliveries (${Object.keys(columns).join(', ')}) values (${Object.values(columns).map(q).join(', ')})`;
}

async function pgRows(statement: string) {
  return (await pool.query(statement)).rows as Record<string, unknown>[];
}
const sqliteRows = (statement: string) => sqlite.prepare(statement).all() as Record<string, unknown>[];

describe(
  'created_at never goes back as ids go up (SQLite migration 0007)',
  { timeout: PG_TEST_TIMEOUT },
  () => {
    test('a row dated before the newest takes the newest created_at, on both engines', async () => {
      await both(integration(1));
      await both(insertDelivery({ createdAt: 5_000 }));
      await both(insertDelivery({ createdAt: 3_000 }));
      await both(insertDelivery({ createdAt: 7_000 }));
      const read = 'select id, created_at from deliveries order by id';
      const expected = [
        { id: 1, created_at: 5_000 },
        { id: 2, created_at: 5_000 },
        { id: 3, created_at: 7_000 },
      ];
      expect(sqliteRows(read)).toEqual(expected);
      expect(await pgRows(read)).toEqual(expected);
    });

    test('an id drawn before a row that committed first is replaced by a higher one', async () => {
      await both(integration(1));
      await pool.query(insertDelivery({ id: 10, createdAt: 5_000 }));
      // As if this row had drawn id 4 from the sequence before row 10 took the lock and committed.
      const [row] = await pgRows(`${insertDelivery({ id: 4, createdAt: 4_000 })} returning id, created_at`);
      // The sequence was left at 0 by the explicit id 10: it is moved past it, and the next draw follows.
      expect(row).toEqual({ id: 11, created_at: 5_000 });
      expect(await pgRows(`${insertDelivery({ createdAt: 6_000 })} returning id`)).toEqual([{ id: 12 }]);
    });

    test('concurrent writers are serialised: the later commit gets the higher id and created_at', async () => {
      await both(integration(1));
      const a = await pool.connect();
      const b = await pool.connect();
      try {
        await a.query('begin');
        const [first] = (await a.query(`${insertDelivery({ createdAt: 9_000 })} returning id`)).rows;
        let bDone = false;
        const second = b
          .query(`${insertDelivery({ createdAt: 8_000 })} returning id, created_at`)
          .then((r) => {
            bDone = true;
            return r.rows[0];
          });
        await new Promise((r) => setTimeout(r, 200));
        expect(bDone).toBe(false); // waiting for a's lock
        await a.query('commit');
        const row = await second;
        expect(row.id).toBeGreaterThan(first.id);
        expect(row.created_at).toBe(9_000);
      } finally {
        a.release();
        b.release();
      }
    });
  },
);

describe('history search (SQLite migration 0006)', { timeout: PG_TEST_TIMEOUT }, () => {
  const delivery = {
    contact: 'shopper12345@example.com',
    externalId: 'ord-42',
    products: 'SKU-ABC-123,SKU-XYZ',
    event: { description: 'Blue winter jacket', detail1: 'size L', detail2: 'gift', other: 'not searched' },
    status: 'failed',
    reason: 'contact-missing',
    reasonMessage: 'The contact does not exist in SALESmanago',
    createdAt: 1_000,
  };
  const find = async (term: string, status = 'failed') =>
    (
      await pgRows(
        `select d.id from deliveries d join deliveries_search s on s.delivery_id = d.id
         where s.body ilike ${q(`%${term}%`)} and d.status = ${q(status)} order by d.id desc`,
      )
    ).map((r) => r.id);

  test('indexes the same text as SQLite, and finds a delivery by any part of it', async () => {
    await both(integration(1));
    await both(insertDelivery(delivery));
    await both(
      insertDelivery({ ...delivery, contact: 'other@example.com', status: 'succeeded', createdAt: 2_000 }),
    );
    const read = 'select id, body from deliveries_search_text order by id';
    expect(await pgRows(read)).toEqual(sqliteRows(read));
    expect(await pgRows('select delivery_id as id, body from deliveries_search order by 1')).toEqual(
      sqliteRows(read),
    );
    for (const term of ['12345@exa', 'ORD-42', 'abc-12', 'winter', 'size l', 'does not exist'])
      expect(await find(term), term).toEqual([1]);
    expect(await find('not searched')).toEqual([]);
    expect(await find('winter', 'succeeded')).toEqual([2]);
  });

  test('the GIN trigram index answers the search', async () => {
    await both(integration(1));
    await both(insertDelivery(delivery));
    const client = await pool.connect();
    try {
      await client.query('set enable_seqscan = off');
      const plan = await client.query(
        `explain select delivery_id from deliveries_search where body ilike '%ord-42%'`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('deliveries_search_body_idx');
    } finally {
      await client.query('reset enable_seqscan');
      client.release();
    }
  });

  test('follows a searched column, ignores other updates, and goes with its delivery', async () => {
    await both(integration(1));
    await both(insertDelivery(delivery));
    const version = async () =>
      (await pgRows('select xmin::text as v from deliveries_search where delivery_id = 1'))[0]?.v;
    const before = await version();
    await pool.query(
      `update deliveries set status = 'retrying', attempt_count = 2, reason_message = reason_message where id = 1`,
    );
    expect(await version()).toBe(before); // not rewritten
    await pool.query(
      `update deliveries set status = 'failed', reason_message = 'Owner unknown' where id = 1`,
    );
    expect(await find('does not exist')).toEqual([]);
    expect(await find('owner unk')).toEqual([1]);
    await pool.query('delete from deliveries where id = 1');
    expect(await pgRows('select * from deliveries_search')).toEqual([]);
  });
});

describe('the overview rollups (SQLite migration 0016)', { timeout: PG_TEST_TIMEOUT }, () => {
  const shape = schemaShape(pgSchema);
  /** A rollup table's rows that hold anything (the triggers leave rows at zero), in key order. */
  async function rollupRows(table: string, from = table) {
    const t = shape[table]!;
    const columns = Object.keys(t.columns);
    const values = columns.filter((c) => !t.primaryKey.includes(c));
    const statement = `select ${columns.join(', ')} from ${from} where ${values.map((v) => `${v} <> 0`).join(' or ')}
      order by ${t.primaryKey.join(', ')}`;
    return { pg: await pgRows(statement), sqlite: sqliteRows(statement) };
  }
  async function expectSameRollups(where: string, tables = ROLLUPS, allCounted = true) {
    for (const table of tables) {
      const kept = await rollupRows(table);
      expect(kept.pg, `${table} after ${where}: PostgreSQL and SQLite`).toEqual(kept.sqlite);
      if (allCounted) expect(kept.pg.length, `${table} after ${where}: something counted`).toBeGreaterThan(0);
      expect(
        (await rollupRows(table, `${table}_raw`)).pg,
        `${table} after ${where}: PostgreSQL raw view`,
      ).toEqual(kept.pg);
    }
  }

  test('resends resolve their original, also when one statement changes both (per row, as SQLite)', async () => {
    await both(integration(1));
    const steps = [
      insertDelivery({ status: 'failed', reason: 'http-500', createdAt: 1_000 }), // 1: the original
      insertDelivery({ source: 'resend', resendOf: 1, createdAt: 2_000 }), // 2
      `update deliveries set status = 'succeeded' where id = 2`, // resolves 1
      insertDelivery({ source: 'resend', resendOf: 1, status: 'succeeded', createdAt: 3_000 }), // 3: no change
      `update deliveries set status = 'failed', reason = 'dns' where id = 2`, // 3 still resolves 1
      `update deliveries set status = 'cancelled', reason = null where id = 3`, // 1 unresolved again
      // One statement, the original first: it was unresolved when its own row changed.
      `update deliveries set status = 'succeeded', reason = null where id in (1, 2)`,
      `update deliveries set status = 'failed', reason = 'http-500' where id = 1`, // 2 resolves it
      `delete from deliveries where id = 2`, // unresolved again
      insertDelivery({ status: 'retrying', reason: 'dns', attemptCount: 1, createdAt: 4_000 }), // 4: attention
      `update deliveries set attempt_count = 3, reason = 'http-500' where id = 4`,
    ];
    for (const statement of steps) {
      await both(statement);
      await expectSameRollups(statement, ['rollup_sent', 'rollup_reasons', 'rollup_attention'], false);
    }
    const [attention] = await pgRows(
      'select sum(failed) as failed, sum(retrying) as retrying from rollup_attention',
    );
    expect(attention).toEqual({ failed: 1, retrying: 1 });
  });

  /** mulberry32: a seeded generator, so a failure names a sequence that reproduces. */
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  test.each([1, 2, 3])('random writes keep the same rollups on both engines (seed %i)', async (seed) => {
    const rnd = seeded(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const HOUR = 3_600_000;
    const start = 1_796_000_000_000;
    await both(integration(1));
    await both(integration(2));
    let ids = 0;
    let attempts = 0;
    let clock = start;
    const statuses = ['queued', 'sending', 'succeeded', 'failed', 'retrying', 'cancelled'];
    const reasons = [null, 'dns', 'contact-missing', 'http-500'];
    for (let step = 0; step < 160; step++) {
      const roll = rnd();
      const id = ids ? 1 + Math.floor(rnd() * ids) : 0;
      let statement: string;
      if (roll < 0.35 || !ids) {
        clock += Math.floor(rnd() * 5 * HOUR);
        const type = pick(['PURCHASE', 'PURCHASE', 'CART', 'VISIT', 'OTHER']);
        const resend = ids > 0 && rnd() < 0.25;
        statement = insertDelivery({
          integrationId: pick([1, 2, null]),
          source: resend ? 'resend' : pick(['api', 'website', 'composer', 'backfill']),
          type,
          operation: rnd() < 0.85 ? 'add' : 'update',
          status: pick(statuses),
          reason: pick(reasons),
          attemptCount: Math.floor(rnd() * 5),
          value: rnd() < 0.8 ? Math.round(rnd() * 100_000) / 100 : null,
          currency: pick([null, 'PLN', 'EUR']),
          products: type === 'PURCHASE' ? pick(['A, B', 'A,A', ' , C', null]) : null,
          resendOf: resend ? id : null,
          // Now and then dated before the newest: the created_at trigger lifts it on both.
          createdAt: rnd() < 0.1 ? clock - 7 * HOUR : clock,
          eventDate: clock - Math.floor(rnd() * 48 * HOUR),
        });
        ids++;
      } else if (roll < 0.6) {
        statement = `update deliveries set status = ${q(pick(statuses))}, reason = ${q(pick(reasons))},
          attempt_count = ${Math.floor(rnd() * 5)} where id = ${id}`;
      } else if (roll < 0.65) {
        // One statement over many rows, resends and their originals among them.
        statement = `update deliveries set status = 'succeeded', reason = null where id % 3 = ${Math.floor(rnd() * 3)}`;
      } else if (roll < 0.7) {
        statement = `update deliveries set value = ${Math.round(rnd() * 1000) / 10}, currency = ${q(pick(['PLN', 'USD']))},
          products = ${q(pick(['B', 'A, D']))} where id = ${id}`;
      } else if (roll < 0.85) {
        attempts++;
        statement = `insert into attempts (delivery_id, number, started_at, duration_ms, url, request, outcome)
          select id, ${attempts}, ${clock + Math.floor(rnd() * HOUR)}, ${q(rnd() < 0.8 ? Math.floor(rnd() * 3000) : null)},
            'https://example.test', '{}', 'succeeded' from deliveries where id = ${id}`;
      } else if (roll < 0.9) {
        statement = `update attempts set duration_ms = ${Math.floor(rnd() * 9000)} where number = ${1 + Math.floor(rnd() * Math.max(attempts, 1))}`;
      } else if (roll < 0.94) {
        statement = `update deliveries set integration_id = null where id = ${id}`;
      } else if (roll < 0.97) {
        statement = `delete from attempts where number = ${1 + Math.floor(rnd() * Math.max(attempts, 1))}`;
      } else {
        statement = `delete from deliveries where id = ${id}`;
      }
      await both(statement);
      if (step % 40 === 39) await expectSameRollups(`seed ${seed}, step ${step}: ${statement}`);
    }
    // An integration deleted: its deliveries' integration_id is set to null (ON DELETE SET NULL).
    await both('delete from integrations where id = 2');
    await expectSameRollups(`seed ${seed}, integration 2 deleted`);
  });
});
