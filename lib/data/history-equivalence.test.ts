// The history's restructured queries (seeks on partial indexes, raw export rows, search walks) against
// the straightforward query they stand for, on generated data sets of several seeds: page after page,
// following the cursors, a faster query must return exactly the same rows in the same order. On
// PostgreSQL, the same data sets copied over must give the same pages, the same views and the same
// export files, byte for byte, as the plain query on SQLite.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// @ts-expect-error: a plain .mjs module of the benchmarks, without types
import { generateHistory, random } from '@/scripts/bench/history-data.mjs';
import { csvRow } from '@/lib/csv';
import { deliveryFiltersSchema } from '@/lib/validations/delivery';

process.env.APP_SECRET_KEY ??= 'equivalence-test-key-that-is-long-enough';

const { openDb, setDbForTests, setPgEngine, schema } = await import('@/db');
const sqliteTables = await import('@/db/schema');
const { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } = await import('@/db/test-helpers');
const { runPgMigrations } = await import('@/db/migrate-pg');
const { pgHandle } = await import('@/db/pg');
type PgHandle = import('@/db/pg').PgHandle;
const { listDeliveries } = await import('./deliveries-list');
const { exportDeliveriesCsv, exportPage, exportPreamble, formatExportRows, isoTime } =
  await import('./deliveries-export');
const { reasonView, toDeliveryView } = await import('./deliveries');
const { withContactEmails } = await import('./contact-emails');
const { db: engineDb } = await import('./engine');
const { ENGINES, insertTestIntegration, tempDbFiles } = await import('./test-helpers');
const { asc, desc, inArray } = await import('drizzle-orm');

const SEEDS = [1, 2, 3];
const ROWS = 4_000;
const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const files = tempDbFiles('equivalence-');
const dbs = new Map<number, ReturnType<typeof openDb>>();

beforeAll(() => {
  for (const seed of SEEDS) {
    const file = files(`seed-${seed}.db`);
    const first = openDb(file); // migrations
    insertTestIntegration(first, { isSandbox: true });
    first.$client.close();
    generateHistory(file, { rows: ROWS, seed, now: NOW, log: () => {} });
    const db = openDb(file);
    refuseSome(db, seed);
    dbs.set(seed, db);
  }
}, 60_000);

/**
 * Refused website requests over the last 100 days, written to both tiers for the integration and for -1
 * as the collector writes them (lib/data/collector.ts): the generator writes none.
 */
function refuseSome(db: ReturnType<typeof openDb>, seed: number) {
  const rnd = random(seed + 500) as () => number;
  const write = db.$client.prepare(
    `insert into collector_refusals (span_hours, bucket, integration_id, cause, n)
     select s.span_hours, cast(? as integer) / s.span_hours, g.id, ?, ? from rollup_spans s, (select ? as id union all select -1) g
     where true on conflict (span_hours, bucket, integration_id, cause) do update set n = n + excluded.n`,
  );
  const causes = ['origin', 'type', 'rate-limited', 'invalid'];
  for (let k = 0; k < 400; k++) {
    const hour = Math.floor((NOW - rnd() * 100 * DAY) / 3_600_000);
    write.run(
      hour,
      causes[Math.floor(rnd() * causes.length)],
      1 + Math.floor(rnd() * 5),
      1 + Math.floor(rnd() * 3),
    );
  }
}

type Row = Record<string, unknown> & { id: number };
type Filters = Record<string, unknown>;

/** The filters as the plainest SQL there is: every condition on the row itself, no index in mind. */
function plainIds(db: ReturnType<typeof openDb>, f: Filters): number[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const list = (column: string, values: unknown) => {
    const v = ([] as unknown[]).concat(values ?? []);
    if (!v.length) return;
    where.push(`${column} in (${v.map(() => '?').join(', ')})`);
    params.push(...v);
  };
  if (f.integrationId) list('integration_id', f.integrationId);
  list('type', f.type);
  list('status', f.status);
  list('source', f.source);
  list('reason', f.reason);
  const bound = (condition: string, value: unknown) => {
    if (value === undefined) return;
    where.push(condition);
    params.push(value);
  };
  bound('created_at >= ?', f.from);
  bound('created_at <= ?', f.to);
  if (f.q) {
    where.push(
      'instr(lower((select body from deliveries_search_text s where s.id = deliveries.id)), lower(?)) > 0',
    );
    params.push(f.q);
  }
  return db.$client
    .prepare(
      `select id from deliveries ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc`,
    )
    .all(...params)
    .map((r) => (r as Row).id);
}

/** Every page of the history's API for these filters, following nextCursor to the end. */
async function pagedIds(f: Filters, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: number | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await listDeliveries(deliveryFiltersSchema.parse({ ...f, limit, cursor }));
    ids.push(...page.items.map((d) => d.id));
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('the cursors never ended');
}

const TYPES = ['PURCHASE', 'RETURN', 'CART', 'LOAN_ORDER', 'APP_TYPE_MANUAL', 'VISIT'];
const STATUSES = ['failed', 'succeeded', 'retrying'];
const SOURCES = ['backfill', 'website', 'api', 'resend'];
const REASONS = ['timeout', 'owner-invalid', 'contact-not-found'];
const TERMS = ['shopper12', 'ORD-1002', 'SKU-43', 'jacket', 'wrong sha', 'zzqqxx'];

/** Random filter combinations, the rare ones (failed + a rare type) among them. */
function randomFilters(seed: number, n: number): Filters[] {
  const rnd = random(seed) as () => number;
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const some = <T>(list: T[]) => (rnd() < 0.8 ? [pick(list)] : [pick(list), pick(list)]);
  const out: Filters[] = [
    { status: 'failed', type: 'RETURN', source: 'backfill' },
    { status: 'failed', type: 'PURCHASE' },
    { status: 'failed' },
    { q: 'shopper12', type: 'PURCHASE' },
  ];
  while (out.length < n) {
    const f: Filters = {};
    if (rnd() < 0.3) f.integrationId = 1 + Math.floor(rnd() * 5);
    if (rnd() < 0.5) f.type = some(TYPES);
    if (rnd() < 0.5) f.status = rnd() < 0.6 ? ['failed'] : some(STATUSES);
    if (rnd() < 0.3) f.source = some(SOURCES);
    if (rnd() < 0.2) f.reason = some(REASONS);
    if (rnd() < 0.3) {
      f.from = NOW - Math.floor(rnd() * 90) * DAY;
      f.to = (f.from as number) + Math.floor(rnd() * 20) * DAY;
    }
    if (rnd() < 0.25) f.q = pick(TERMS);
    out.push(f);
  }
  return out;
}

/**
 * Runs the data layer on `kind` over the data set of `seed` for the tests of the enclosing describe:
 * SQLite on the generated file itself; PostgreSQL on a copy of its integrations and deliveries, ids and
 * all (its search table and created_at trigger fill in as on any insert), in a database of its own
 * filled once: copying 4,000 rows through the triggers takes seconds, too long to repeat per test.
 */
function onDataSet(kind: (typeof ENGINES)[number], seed: number): void {
  let handle: PgHandle | undefined;
  if (kind === 'pg') {
    beforeAll(async () => {
      handle = pgHandle(pgTestPool(await freshPgDatabase()));
      await runPgMigrations(handle.pool);
      setPgEngine(handle);
      const source = dbs.get(seed)!;
      for (const name of ['integrations', 'deliveries'] as const) {
        const rows = source.select().from(sqliteTables[name]).orderBy(asc(sqliteTables[name].id)).all();
        for (let i = 0; i < rows.length; i += 500)
          await engineDb()
            .insert(schema[name])
            .values(rows.slice(i, i + 500) as never);
      }
      await handle.pool.query('analyze');
    }, 120_000);
    afterAll(() => setPgEngine(undefined));
  }
  beforeEach(() => {
    setPgEngine(handle);
    setDbForTests(dbs.get(seed)!);
  });
}

describe.each(ENGINES)('the history on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  describe.each(SEEDS)('on generated data set %i', (seed) => {
    onDataSet(kind, seed);
    /** The generated SQLite file: the plain query and the ORM's full rows read from it on both engines. */
    const source = () => dbs.get(seed)!;

    it('pages every filter combination exactly as the plain query orders it, across the cursors', async () => {
      for (const f of randomFilters(seed, 60)) {
        const expected = plainIds(source(), f);
        expect({ f, ids: await pagedIds(f, 7) }).toEqual({ f, ids: expected });
      }
    });

    it('gives each page the rows the ORM maps, value for value (the event, booleans, contact emails)', async () => {
      for (const f of randomFilters(seed + 200, 20)) {
        const expected = plainIds(source(), f).slice(0, 7);
        const rows = expected.length
          ? source()
              .select()
              .from(sqliteTables.deliveries)
              .where(inArray(sqliteTables.deliveries.id, expected))
              .orderBy(desc(sqliteTables.deliveries.id))
              .all()
          : [];
        const page = await listDeliveries(deliveryFiltersSchema.parse({ ...f, limit: 7 }));
        expect({ f, items: page.items }).toEqual({
          f,
          items: await withContactEmails(rows.map(toDeliveryView)),
        });
      }
    });

    it('exports the same file as the full rows formatted one by one', async () => {
      for (const f of randomFilters(seed + 100, 12)) {
        const filters = (({ cursor: _c, limit: _l, ...rest }) => rest)(deliveryFiltersSchema.parse(f));
        const ids = plainIds(source(), f);
        const rows = source()
          .select()
          .from(sqliteTables.deliveries)
          .orderBy(desc(sqliteTables.deliveries.id))
          .all()
          .filter((d) => ids.includes(d.id));
        for (const format of ['csv', 'jsonl'] as const) {
          let file = exportPreamble(format);
          let before: number | undefined;
          for (;;) {
            const page = await exportPage(filters, { before, limit: 50 });
            if (!page.length) break;
            file += formatExportRows(page, format).toString('utf8');
            before = page.at(-1)![0];
          }
          expect(file).toBe(referenceFile(rows, format));
        }
        const streamed = await new Response(exportDeliveriesCsv(filters)).arrayBuffer();
        expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(streamed)).toBe(
          referenceFile(rows, 'csv'),
        );
      }
    });
  });
});

describe('the times in an export', () => {
  it('are written as toISOString writes them, at day edges, past the year 9999 and before 1970', () => {
    const rnd = random(7) as () => number;
    const times = [0, 1, DAY - 1, DAY, NOW, NOW - 1, 253_402_300_799_999, 253_402_300_800_000, -1, -DAY - 1];
    for (let i = 0; i < 5_000; i++) times.push(Math.floor(rnd() * 4e12));
    for (const ms of times) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
});

/** The export as the console wrote it before it read raw columns: from each full row, column by column. */
function referenceFile(
  rows: Array<typeof sqliteTables.deliveries.$inferSelect>,
  format: 'csv' | 'jsonl',
): string {
  const columns = (d: (typeof rows)[number]): Array<[string, unknown]> => [
    ['id', d.id],
    ['created_at', new Date(d.createdAt).toISOString()],
    ['integration', d.integrationName],
    ['source', d.source],
    ['type', d.type],
    ['contact', d.contact],
    ['external_id', d.externalId],
    ['value', d.value],
    ['products', d.products],
    ['status', d.status],
    ['reason', reasonView(d.reason)?.title ?? null],
    ['salesmanago_message', d.reasonMessage],
    ['salesmanago_event_id', d.smEventId],
    ['http_status', d.lastHttpStatus],
    ['duration_ms', d.lastDurationMs],
    ['attempts', d.attemptCount],
    ['possible_duplicate', d.possibleDuplicate],
    ['page_url', d.pageUrl],
    ['origin', d.origin],
  ];
  if (format === 'jsonl')
    return rows.map((d) => JSON.stringify(Object.fromEntries(columns(d))) + '\n').join('');
  const header =
    '\ufeff' + csvRow(columns(rows[0] ?? ({ createdAt: 0 } as (typeof rows)[number])).map(([n]) => n));
  return (
    header +
    rows
      .map((d) => csvRow(columns(d).map(([n, v]) => (n === 'possible_duplicate' ? (v ? 'yes' : '') : v))))
      .join('')
  );
}

const read = await import('./overview-read');
const period = await import('./overview-period');
const { overviewQuerySchema } = await import('@/lib/validations/overview');

/** Sums of a rollup's hourly rows over [from, to) hours, per key: the plainest read of a bucket. */
function hourlySums(
  db: ReturnType<typeof openDb>,
  table: string,
  keyColumn: string | null,
  valueColumns: string[],
  integration: number,
  [from, to]: [number, number],
  extra = '',
): Map<string, number[]> {
  const rows = db.$client
    .prepare(
      `select ${keyColumn ?? "''"} as k, ${valueColumns.map((c) => `sum(${c})`).join(', ')} from ${table}
       where span_hours = 1 and integration_id = ? and bucket >= ? and bucket < ? ${extra} group by 1`,
    )
    .raw()
    .all(integration, from, to) as unknown[][];
  return new Map(rows.map(([k, ...v]) => [String(k), v as number[]]));
}

/** Keys whose sums are not all 0 (a read may meet a key only to take it away again). */
const someNonZero = (m: Map<string, number[]>) => new Map([...m].filter(([, v]) => v.some((n) => n !== 0)));

// The rollup tables the overview reads. On PostgreSQL each seed's rows are copied as they are (the
// rollup tables have no triggers of their own), so both engines' reads face the same rows and must
// give the same numbers as SQLite's plain hourly sums.
const ROLLUPS = [
  'rollup_sent',
  'rollup_worth',
  'rollup_reasons',
  'rollup_answer_times',
  'rollup_products',
  'rollup_products_weekly',
  'collector_refusals',
];

/** A fresh PostgreSQL database holding the rollups of `db`, with the console's migrations. */
async function pgCopyOfRollups(db: ReturnType<typeof openDb>) {
  const pool = pgTestPool(await freshPgDatabase());
  await runPgMigrations(pool);
  for (const table of ROLLUPS) {
    const rows = db.$client.prepare(`select * from ${table}`).all();
    await pool.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1)`, [
      JSON.stringify(rows),
    ]);
  }
  return pgHandle(pool);
}

describe.each(SEEDS)('the overview on generated data set %i', (seed) => {
  const queries = ['7d', '30d', '90d', 'today'].flatMap((p) =>
    ['Europe/Warsaw', 'Asia/Kolkata', 'UTC'].flatMap((tz) =>
      [undefined, 2].map((integrationId) => overviewQuerySchema.parse({ period: p, tz, integrationId })),
    ),
  );
  const basisQueries = ['30d', '90d'].flatMap((p) =>
    [undefined, 2].flatMap((integrationId) =>
      (['event', 'sent'] as const).map((basis) => ({
        q: overviewQuerySchema.parse({ period: p, integrationId }),
        basis,
      })),
    ),
  );

  describe.each(ENGINES)('read on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
    let pgCopy: Awaited<ReturnType<typeof pgCopyOfRollups>> | undefined;
    beforeAll(async () => {
      if (kind === 'pg') pgCopy = await pgCopyOfRollups(dbs.get(seed)!);
    }, PG_TEST_TIMEOUT);
    const onEngine = () => {
      setDbForTests(dbs.get(seed)!);
      setPgEngine(pgCopy);
    };
    afterEach(() => setPgEngine(undefined));

    it('reads each bar and each whole period as the sums of its own hours', async () => {
      onEngine();
      const db = dbs.get(seed)!;
      for (const q of queries) {
        const p = period.resolvePeriod(q, NOW - 3 * 3_600_000);
        const buckets = p.bucket === 'hour' ? period.hourBuckets(p) : period.dayBuckets(p);
        const integration = q.integrationId ?? -1;
        const scope = (b: typeof buckets) => ({
          plan: period.readPlan(b),
          integrationId: q.integrationId ?? null,
        });
        const hours = (b: (typeof buckets)[number]) => [b.fromHour, b.toHour] as [number, number];
        const sent = await read.sentByBucket(scope(buckets));
        const worth = await read.worthByBucket(scope(buckets), 'event');
        const refusals = await read.refusalsByBucket(scope(buckets));
        buckets.forEach((b, i) => {
          const c = sent.get(i);
          const [plain] = [
            ...hourlySums(
              db,
              'rollup_sent',
              null,
              ['sent', 'delivered', 'failed', 'type_return', 'source_backfill'],
              integration,
              hours(b),
            ).values(),
          ];
          expect(
            [
              c?.sent ?? 0,
              c?.delivered ?? 0,
              c?.failed ?? 0,
              c?.byType.RETURN ?? 0,
              c?.bySource.backfill ?? 0,
            ],
            `${q.period} ${q.tz} ${b.label}`,
          ).toEqual((plain ?? [0, 0, 0, 0, 0]).map((n) => n ?? 0));
          const plainWorth = hourlySums(
            db,
            'rollup_worth',
            'currency',
            ['orders', 'revenue', 'carts'],
            integration,
            hours(b),
            "and basis = 'event'",
          );
          const ours = new Map(
            worth.filter((r) => r.i === i).map((r) => [r.currency, [r.orders, r.revenue, r.carts]]),
          );
          expect(someNonZero(ours)).toEqual(someNonZero(plainWorth));
          const refused = new Map(refusals.filter((r) => r.i === i).map((r) => [r.k as string, [r.n]]));
          expect(refused, `refusals ${q.period} ${q.tz} ${b.label}`).toEqual(
            someNonZero(hourlySums(db, 'collector_refusals', 'cause', ['n'], integration, hours(b))),
          );
        });
        const whole = period.wholeBucket(p);
        const before = period.wholeBucket(period.previousPeriod(p));
        const keyed = (rows: Array<{ i: number; k: unknown; n: number }>, i: number) =>
          new Map(rows.filter((r) => r.i === i).map((r) => [String(r.k), [r.n]]));
        const answers = await read.answerTimesByBucket(scope([whole, before]));
        expect(keyed(answers, 0)).toEqual(
          someNonZero(hourlySums(db, 'rollup_answer_times', 'ms_bucket', ['n'], integration, hours(whole))),
        );
        expect(keyed(answers, 1)).toEqual(
          someNonZero(hourlySums(db, 'rollup_answer_times', 'ms_bucket', ['n'], integration, hours(before))),
        );
        expect(keyed(await read.reasonsByBucket(scope([whole])), 0)).toEqual(
          someNonZero(hourlySums(db, 'rollup_reasons', 'reason', ['failed'], integration, hours(whole))),
        );
        const totals = await read.outcomeTotals(scope([before]));
        const [plainTotals] = [
          ...hourlySums(
            db,
            'rollup_sent',
            null,
            ['sent', 'delivered', 'failed'],
            integration,
            hours(before),
          ).values(),
        ];
        expect([totals.sent, totals.delivered, totals.failed]).toEqual(
          (plainTotals ?? [0, 0, 0]).map((n) => n ?? 0),
        );
      }
    });

    it('lists the top products with their exact counts over the period, ties by name', async () => {
      onEngine();
      const db = dbs.get(seed)!;
      for (const { q, basis } of basisQueries) {
        const p = period.resolvePeriod(q, NOW - 3 * 3_600_000);
        const days = period.utcDays(p);
        const integration = q.integrationId ?? -1;
        const top = await read.topProducts(days, q.integrationId ?? null, basis, 10);
        expect(top.length, `${q.period} ${basis}`).toBe(10);
        // Each count is the product's plain sum over the days; the list is ordered by count, then name.
        for (const { product, count } of top) {
          const { n } = db.$client
            .prepare(
              `select sum(n) as n from rollup_products
               where basis = ? and integration_id = ? and product = ? and day between ? and ?`,
            )
            .get(basis, integration, product, days[0], days[1]) as { n: number };
          expect(count, product).toBe(n);
        }
        const sorted = [...top].sort((a, b) => b.count - a.count || (a.product < b.product ? -1 : 1));
        expect(top).toEqual(sorted);
      }
    });
  });

  // The generated catalogue has 5,000 products and few purchases each: ties at every cut, where an
  // engine's own order of equal rows would pick different candidates.
  it(
    'lists the same top products on both engines',
    async () => {
      const answers: Record<string, unknown> = {};
      const pgCopy = await pgCopyOfRollups(dbs.get(seed)!);
      try {
        for (const kind of ENGINES) {
          setDbForTests(dbs.get(seed)!);
          setPgEngine(kind === 'pg' ? pgCopy : undefined);
          const lists = [];
          for (const { q, basis } of basisQueries) {
            const days = period.utcDays(period.resolvePeriod(q, NOW - 3 * 3_600_000));
            lists.push(await read.topProducts(days, q.integrationId ?? null, basis, 10));
          }
          answers[kind] = lists;
        }
      } finally {
        setPgEngine(undefined);
      }
      expect(answers.pg).toEqual(answers.sqlite);
    },
    PG_TEST_TIMEOUT,
  );
});
