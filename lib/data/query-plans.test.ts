// The history's query plans, held with statistics present: a generated history, ANALYZE, then every
// history, Needs attention and bulk-retry query as the data layer really sends it (captured where the
// connection runs a statement, with its parameters: drizzle's queries and the history's own prepared
// ones, lib/data/history-statements.ts) through EXPLAIN QUERY PLAN. A plan that holds only while SQLite
// has no statistics (the Needs attention regression of issue 14) fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// @ts-expect-error: a plain .mjs module of the benchmarks, without types
import { generateHistory } from '@/scripts/bench/history-data.mjs';
import { deliveryFiltersSchema } from '@/lib/validations/delivery';

process.env.APP_SECRET_KEY ??= 'plans-test-key-that-is-long-enough-00001';

const { openDb, setDbForTests, setPgEngine } = await import('@/db');
const { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } = await import('@/db/test-helpers');
const { runPgMigrations } = await import('@/db/migrate-pg');
const { pgHandle } = await import('@/db/pg');
type PgHandle = import('@/db/pg').PgHandle;
const { listDeliveries } = await import('./deliveries-list');
const { countExport, exportPage } = await import('./deliveries-export');
const { attentionCount, attentionGroups, bulkIdsAfter, countForBulk, pendingDecisions } =
  await import('./attention');
const { deliveryChain } = await import('./delivery-chain');
const { explainLogged, insertTestIntegration, logStatements, tempDbFiles } = await import('./test-helpers');
const { contactTimeline } = await import('./contacts');
const { getOverview } = await import('./overview');
const { overviewQuerySchema } = await import('@/lib/validations/overview');

const file = tempDbFiles('plans-')('console.db');
let logged: ReturnType<typeof logStatements>;
let client: ReturnType<typeof openDb>['$client'];
beforeAll(() => {
  const first = openDb(file); // migrations
  insertTestIntegration(first, { isSandbox: true });
  first.$client.close();
  // No resends at all: the history on which ANALYZE once turned Needs attention into a scan.
  generateHistory(file, { rows: 30_000, resends: false, log: () => {} });
  const db = openDb(file);
  client = db.$client;
  logged = logStatements(client);
  setDbForTests(db);
  expect(client.prepare('select count(*) n from sqlite_stat1').get()).toMatchObject({
    n: expect.any(Number),
  });
}, 60_000);

/** The plan of every statement `run` sends, one line per step. */
async function plansOf(run: () => unknown): Promise<string[]> {
  logged.length = 0;
  await run();
  expect(logged.length).toBeGreaterThan(0);
  return explainLogged(client, logged);
}

const list = (filters: Record<string, unknown>) => async () =>
  await listDeliveries(deliveryFiltersSchema.parse(filters));
const filters = (f: Record<string, unknown>) => {
  const { cursor: _c, limit: _l, ...rest } = deliveryFiltersSchema.parse(f);
  return rest;
};
/** Cases whose sort is over a handful of rows by nature, not over a page of the history. */
const SORTS_FEW = new Set(['attention groups', 'delivery chain']);
/** A full scan of a table (SCAN without an index); SCAN … USING INDEX is an index walk. */
const fullScan = /\bSCAN (deliveries|attempts|resend)\b(?! USING)/;

describe('query plans with statistics (ANALYZE)', () => {
  const now = Date.now();
  const DAY = 86_400_000;
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['integration', list({ integrationId: 2 }), /deliveries_integration_idx/],
    ['type', list({ type: 'PURCHASE' }), /deliveries_type_idx/],
    ['status', list({ status: 'failed' }), /deliveries_status_idx|deliveries_failed_idx/],
    ['source', list({ source: 'backfill' }), /deliveries_source_idx/],
    ['reason', list({ reason: 'timeout' }), /deliveries_reason_idx/],
    ['type and reason', list({ type: 'PURCHASE', reason: 'timeout' }), /deliveries_reason_type_idx/],
    // A rare pair with no match seeks its own empty range (it walked every owner-invalid row before).
    [
      'a rare reason and type',
      list({ reason: 'owner-invalid', type: 'APP_TYPE_MANUAL' }),
      /deliveries_reason_type_idx \(reason=\? AND type=\?\)/,
    ],
    ['source and reason', list({ source: 'website', reason: 'timeout' }), /deliveries_reason_idx/],
    ['search', list({ q: 'shopper12' }), /deliveries_fts|PRIMARY KEY|json_each/],
    // A search with a filter: the candidates by id (primary key), the filter checked on each.
    ['search and a type', list({ q: 'shopper12', type: 'PURCHASE' }), /PRIMARY KEY \(rowid=\?\)/],
    // Failed rows of one integration or one source, newest first, on their partial indexes.
    [
      'failed and an integration',
      list({ status: 'failed', integrationId: 2 }),
      /deliveries_failed_integration_idx \(integration_id=\?\)/,
    ],
    ['failed and a source', list({ status: 'failed', source: 'backfill' }), /deliveries_failed_source_idx/],
    // Retrying and a rare type: the retry queue's ids (a range of the status index), each sought by key
    // (on the type's index or the table's), never every row of the type.
    [
      'retrying and a rare type',
      list({ status: 'retrying', type: 'LOAN_ORDER' }),
      /(PRIMARY KEY \(rowid=\?\)|deliveries_type_idx \(type=\? AND id=\?\)) \| LIST SUBQUERY \d+ \| SEARCH deliveries USING COVERING INDEX deliveries_status_idx \(status=\?\)/,
    ],
    ['retrying', list({ status: 'retrying' }), /deliveries_status_idx \(status=\?/],
    // A rare combination reads only failed rows of its type (a partial index), not every row of the type.
    [
      'failed, a rare type and a source',
      list({ status: 'failed', type: 'RETURN', source: 'backfill' }),
      /deliveries_failed_type_idx \(type=\?\)/,
    ],
    ['failed and a type', list({ status: 'failed', type: 'PURCHASE' }), /deliveries_failed_type_idx/],
    // A date range is a range of ids (lib/data/date-range.ts): seeks, never a sort of the whole range.
    [
      'one day in the past',
      list({ from: now - 60 * DAY, to: now - 59 * DAY }),
      /PRIMARY KEY \(rowid>\? AND rowid<\?\)/,
    ],
    [
      'a week ago, one type',
      list({ from: now - 14 * DAY, to: now - 7 * DAY, type: 'CART' }),
      /deliveries_type_idx \(type=\? AND id>\? AND id<\?\)/,
    ],
    [
      'last week, failed',
      list({ from: now - 7 * DAY, status: 'failed' }),
      /deliveries_status_idx \(status=\? AND id>\?\)/,
    ],
    // Needs attention reads its rollup (a row per reason and integration); the groups then find the newest
    // unresolved failure of each row, walking deliveries_failed_idx back from its end (the rows with a
    // reason and an integration in one statement, those without, rare, null-safely in a second).
    [
      'attention groups',
      async () => await attentionGroups(),
      /^SCAN rollup_attention\nSCAN rollup_attention .*SEARCH deliveries USING COVERING INDEX deliveries_failed_idx \(reason=\? AND integration_id=\?\).*deliveries_resend_of_idx/,
    ],
    ['attention count', async () => await attentionCount(), /^SCAN rollup_attention$/],
    ['attention decisions', async () => await pendingDecisions(), /deliveries_(failed|reason)_idx/],
    ['delivery chain', () => deliveryChain(1), /deliveries_resend_of_idx/],
    [
      'bulk retry count',
      async () => await countForBulk('retry', filters({ reason: 'timeout' })),
      /deliveries_reason_idx/,
    ],
    [
      'contact timeline',
      async () => await contactTimeline('shopper12@example.com'),
      /deliveries_contact_idx/,
    ],
    [
      'bulk retry ids',
      async () => await bulkIdsAfter('retry', filters({ type: 'CART' }), 0, 1e9, 100),
      /deliveries_status_idx/,
    ],
    [
      'bulk cancel count',
      async () => await countForBulk('cancel', filters({ type: 'CART' })),
      /deliveries_(type|status)_idx/,
    ],
    [
      'bulk cancel ids',
      async () => await bulkIdsAfter('cancel', filters({ type: 'CART' }), 0, 1e9, 100),
      /deliveries_status_idx/,
    ],
  ];

  for (const [name, run, intended] of cases) {
    it(`${name}: uses the intended index and scans no table whole`, async () => {
      const plans = await plansOf(run);
      expect(plans.join('\n')).toMatch(intended);
      for (const plan of plans) {
        expect(plan).not.toMatch(fullScan);
        // Sorting means reading every matching row first: a page must come off an index in order.
        // (Needs attention sorts its groups, a few dozen reasons at most, and a chain its few links.)
        if (!SORTS_FEW.has(name)) expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      }
    });
  }

  // The overview's reads are prepared statements on the connection (lib/data/overview-read.ts), not
  // drizzle's: caught at prepare, each with the parameters it ran with.
  it('the overview reads its rollups by key and never the history (deliveries only by seeks)', async () => {
    const ran: Array<{ source: string; params: unknown[] }> = [];
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => {
      const statement = prepare(source);
      for (const method of ['all', 'get'] as const) {
        const run = statement[method].bind(statement) as (...p: unknown[]) => unknown;
        (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
          ran.push({ source, params });
          return run(...params);
        };
      }
      return statement;
    }) as typeof client.prepare;
    try {
      for (const q of [
        { period: '90d', tz: 'Europe/Warsaw' },
        { period: 'today', integrationId: 2 },
      ])
        await getOverview(overviewQuerySchema.parse(q));
    } finally {
      client.prepare = prepare as typeof client.prepare;
    }
    const plans = ran.map(({ source, params }) =>
      client
        .prepare(`explain query plan ${source}`)
        .all(...(params as unknown[]))
        .map((r) => (r as { detail: string }).detail)
        .join(' | '),
    );
    expect(plans.length).toBeGreaterThanOrEqual(8);
    for (const plan of plans) {
      expect(plan).not.toMatch(fullScan);
      // rollup_attention is read whole: a row per reason and integration.
      expect(plan).not.toMatch(/SCAN (rollup_(?!attention)\w+|collector_refusals)\b(?! USING)/);
    }
    expect(plans.join('\n')).toMatch(
      /SEARCH t USING INDEX sqlite_autoindex_rollup_sent_1 \(span_hours=\? AND integration_id=\? AND bucket>\? AND bucket<\?\)/,
    );
    // The top products' lists, of the days at the period's ends and of its whole weeks, come from their
    // indexes alone, names included (a long tie of products looked up row by row in the table was half
    // of one integration's 90 days).
    expect(plans.join('\n')).toMatch(
      /SEARCH c USING COVERING INDEX rollup_products_top_idx \(basis=\? AND integration_id=\? AND day=\? AND n>\?\)/,
    );
    expect(plans.join('\n')).toMatch(
      /SEARCH c USING COVERING INDEX rollup_products_weekly_top_idx \(basis=\? AND integration_id=\? AND week=\? AND n>\?\)/,
    );
  });

  it('the first page walks the newest ids and stops (the one plan that may say SCAN)', async () => {
    const [plan] = await plansOf(list({}));
    expect(plan).toBe('SCAN deliveries');
  });
});

// PostgreSQL: the same generated history copied over, VACUUM ANALYZE, then the history's, exports' and
// bulk actions' queries as the data layer sends them (caught at the pool, with their parameters) through
// EXPLAIN. VACUUM as autovacuum would: a bulk copy leaves the trigram index's entries in its GIN pending
// list, which the planner rightly prices as a scan, and a console's index is not in that state.
describe('PostgreSQL query plans with statistics (ANALYZE)', { timeout: PG_TEST_TIMEOUT }, () => {
  let handle: PgHandle;
  const sent: Array<{ text: string; values: unknown[] }> = [];
  beforeAll(async () => {
    handle = pgHandle(pgTestPool(await freshPgDatabase()));
    await runPgMigrations(handle.pool);
    const pg = await handle.pool.connect();
    try {
      // Triggers off for the copy (search text, rollups, created_at): the plans need the rows, and row by
      // row through the triggers 30,000 of them would take a minute. The search table is filled after.
      await pg.query('set session_replication_role = replica');
      for (const table of ['integrations', 'deliveries']) {
        const rows = client.prepare(`select * from ${table} order by id`).all() as Array<
          Record<string, unknown>
        >;
        const parsed =
          table === 'deliveries' ? rows.map((r) => ({ ...r, event: JSON.parse(r.event as string) })) : rows;
        for (let i = 0; i < parsed.length; i += 5_000)
          await pg.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1)`, [
            JSON.stringify(parsed.slice(i, i + 5_000)),
          ]);
      }
      await pg.query('set session_replication_role = origin');
      await pg.query(
        'insert into deliveries_search (delivery_id, body) select d.id, deliveries_search_body(d) from deliveries d',
      );
      await pg.query('vacuum analyze');
    } finally {
      pg.release();
    }
    const query = handle.pool.query.bind(handle.pool) as (...args: unknown[]) => unknown;
    handle.pool.query = ((...args: unknown[]) => {
      const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[]?];
      const text = typeof first === 'string' ? first : first.text;
      sent.push({ text, values: (typeof first === 'string' ? second : (first.values ?? second)) ?? [] });
      return query(...args);
    }) as typeof handle.pool.query;
    setPgEngine(handle);
  }, 120_000);
  afterAll(() => setPgEngine(undefined));

  async function pgPlansOf(run: () => unknown): Promise<string[]> {
    sent.length = 0;
    await run();
    const plans: string[] = [];
    for (const { text, values } of sent.splice(0)) {
      const { rows } = await handle.pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values);
      plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    return plans;
  }

  const DAY = 86_400_000;
  const now = Date.now();
  // A term of one delivery (an order number) and one of about a thirtieth of them (a contact's prefix).
  const cases: Array<[string, () => unknown, RegExp]> = [
    // A common filter walks the newest ids back (by key or by its index) and stops at a page.
    [
      'integration',
      list({ integrationId: 2 }),
      /Index Scan Backward using deliveries_(pkey|integration_idx)/,
    ],
    ['a rare type', list({ type: 'LOAN_ORDER' }), /Index Scan on deliveries_type_idx/],
    ['failed', list({ status: 'failed' }), /using deliveries_(status|failed_\w+)_idx/],
    ['failed and a rare type', list({ status: 'failed', type: 'RETURN' }), /deliveries_failed_type_idx/],
    ['reason', list({ reason: 'timeout' }), /deliveries_reason_idx/],
    [
      'a rare reason and type',
      list({ reason: 'owner-invalid', type: 'APP_TYPE_MANUAL' }),
      /deliveries_reason_type_idx/,
    ],
    ['a rare search', list({ q: 'ORD-100123' }), /Bitmap Index Scan on deliveries_search_body_idx/],
    [
      'a common search',
      list({ q: 'shopper12' }),
      /Index Scan Backward using deliveries_search_pkey|deliveries_search_body_idx/,
    ],
    [
      'a search and a type',
      list({ q: 'shopper12', type: 'PURCHASE' }),
      /deliveries_search_body_idx|deliveries_search_pkey/,
    ],
    [
      'one day in the past',
      list({ from: now - 60 * DAY, to: now - 59 * DAY }),
      /Index Scan Backward using deliveries_pkey on deliveries .*\n\s+Index Cond: \(\(id >= \$\d\) AND \(id <= \$\d\)\)/,
    ],
    [
      'bulk retry count with a search',
      async () => await countForBulk('retry', filters({ q: 'ORD-100123' })),
      /deliveries_search_body_idx/,
    ],
    [
      'an export page with a search',
      async () => await exportPage(filters({ q: 'ORD-100123' }), { limit: 5_000 }),
      /deliveries_search_body_idx/,
    ],
    [
      'an export count',
      async () => await countExport(filters({ status: 'failed' })),
      /deliveries_(status|failed_\w+)_idx/,
    ],
  ];
  for (const [name, run, intended] of cases) {
    it(`${name}: uses the intended index and reads no table of the history whole`, async () => {
      const plans = await pgPlansOf(run);
      expect(plans.length).toBeGreaterThan(0);
      expect(plans.join('\n')).toMatch(intended);
      for (const plan of plans)
        expect(plan).not.toMatch(/Seq Scan on (deliveries|deliveries_search|attempts)\b/);
    });
  }
});
