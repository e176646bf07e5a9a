import Database from 'better-sqlite3';
import { eq, is, sql } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The key the SQLite console's secrets are encrypted with, and the PostgreSQL console reads them with.
const KEY = 'db-copy-test-key-that-is-long-enough';
process.env.APP_SECRET_KEY = KEY;

const { openDb, schema, setDbForTests, setPgEngine } = await import('@/db');
const sqliteSchema = await import('@/db/schema');
const pgSchema = await import('@/db/schema.pg');
const { pgHandle } = await import('@/db/pg');
const { runPgMigrations } = await import('@/db/migrate-pg');
const { freshPgDatabase, pgClusterUrl, PG_TEST_TIMEOUT, pgTestPool } = await import('@/db/test-helpers');
const { encryptSecret } = await import('@/lib/crypto');
const { db } = await import('./engine');
const { tempDbFiles } = await import('./test-helpers');
const { copyToPostgres } = await import('./copy-to-postgres');
const { createUser } = await import('./users');
const { createSession } = await import('./sessions');
const { createIntegration, getCredentials, getIntegrationRow } = await import('./integrations');
const { insertDelivery } = await import('./deliveries');
const { createTemplate } = await import('./templates');
const { audit } = await import('./audit');
const { writeSetting } = await import('./settings');
const { checkSecretKey } = await import('./key-check');
const { createJob } = await import('./jobs');
const { createToken } = await import('./tokens');
const { recordVerification } = await import('./verifications');
const { ensureSandbox, recordSandboxVisit } = await import('./sandbox');
const { claimTick } = await import('./schedule');
const { addFailure } = await import('./failure-counts');
const { readUploadChunk } = await import('./upload-chunks');
const { exportDownload } = await import('@/lib/jobs/export-files');

const API_KEY = 'key-0123456789abcdef';
const API_SECRET = 'secret-0123456789abcdef';
const NOW = Date.UTC(2026, 11, 1, 12);
const HOUR = 3_600_000;
/** A finished export over two 1 MB chunks. */
const EXPORTED = Buffer.from(`\ufeffid,type\n${'12,PURCHASE,zażółć\n'.repeat(70_000)}`);
/** An upload over two of the 1 MB chunks uploads are stored in on PostgreSQL. */
const UPLOAD = Buffer.from(`order_id,email\n${'R-1,buyer@example.com\n'.repeat(110_000)}`);

const file = tempDbFiles('db-copy-');
const sqliteFile = file('console.db');
const dataDir = path.dirname(sqliteFile);
let sqlite: ReturnType<typeof openDb>;

/** A SQLite console with a row in every table, written through the data layer where it has a function. */
async function seed(): Promise<void> {
  setPgEngine(undefined);
  sqlite = openDb(sqliteFile);
  setDbForTests(sqlite);
  const admin = await createUser({
    email: 'admin@example.com',
    role: 'admin',
    password: 'a-long-password-1',
    name: 'Admin',
  });
  await createUser({
    email: 'viewer@example.com',
    role: 'viewer',
    password: 'a-long-password-2',
    name: 'Viewer',
  });
  await createSession(admin.id, Date.now());
  const shop = await createIntegration(
    {
      name: 'Shop',
      endpoint: 'app3.salesmanago.com',
      clientId: 'client123',
      owner: 'owner@shop.example',
      apiKey: API_KEY,
      apiSecret: API_SECRET,
    },
    'admin',
  );
  const integration = { id: shop.id, name: 'Shop' };
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) {
    const { id } = await insertDelivery({
      integration,
      source: i % 3 === 0 ? 'website' : 'api',
      operation: 'add',
      event: {
        type: i % 2 ? 'PURCHASE' : 'CART',
        email: `buyer${i}@example.com`,
        externalId: `ORD-${4240 + i}`,
        products: 'sku-1, sku-2',
        value: 10.5 + i,
        description: `order number ${i}`,
      },
      createdBy: admin.id,
      now: NOW - (12 - i) * HOUR,
    });
    ids.push(id);
  }
  // Outcomes the rollups count: delivered with an answer time, failed (Needs attention), retrying, and a
  // successful resend of a failure.
  const d = schema.deliveries;
  await db()
    .update(d)
    .set({ status: 'succeeded', attemptCount: 1, completedAt: NOW })
    .where(sql`${d.id} in (${sql.join(ids.slice(0, 6), sql`, `)})`);
  await db()
    .update(d)
    .set({ status: 'failed', reason: 'auth', reasonMessage: 'Wrong API key', attemptCount: 1 })
    .where(sql`${d.id} in (${ids[6]}, ${ids[7]})`);
  await db()
    .update(d)
    .set({ status: 'retrying', reason: 'dns', attemptCount: 3, nextAttemptAt: NOW + HOUR, noBatch: true })
    .where(sql`${d.id} = ${ids[8]}`);
  const resend = await insertDelivery({
    integration,
    source: 'resend',
    operation: 'add',
    event: { type: 'CART', email: 'buyer6@example.com' },
    resendOf: ids[6],
    now: NOW,
  });
  await db()
    .update(d)
    .set({ status: 'succeeded', attemptCount: 1 })
    .where(sql`${d.id} = ${resend.id}`);
  for (const [n, id] of ids.slice(0, 8).entries())
    await db()
      .insert(schema.attempts)
      .values({
        deliveryId: id,
        number: 1,
        startedAt: NOW - HOUR,
        durationMs: 100 + n * 50,
        url: 'https://app3.salesmanago.com/api',
        request: { events: [{ n }] },
        httpStatus: 200,
        outcome: 'succeeded',
        responseTruncated: n === 0,
      });
  await createTemplate(shop.id, { name: 'Cart', event: { type: 'CART', email: 'x@example.com' } });
  await audit(
    { id: admin.id, label: 'Admin' },
    'integration.create',
    'Created Shop',
    { type: 'integration', id: shop.id },
    { name: 'Shop' },
  );
  await writeSetting('retention', { bodiesDays: 30, deliveriesDays: 365 });
  // As every start stores it (lib/bootstrap.ts): the key check value of KEY.
  await checkSecretKey();
  await createJob({ kind: 'export', params: { format: 'csv' }, integrationId: shop.id, createdBy: admin.id });
  // On SQLite exports are files beside the database: one finished, one cut short by a stop (its .part
  // holds more than its job recorded, as a kill mid-page leaves it).
  const finished = await createJob({
    kind: 'export',
    params: { format: 'csv', filters: {}, maxId: 13, bytes: EXPORTED.length },
    integrationId: shop.id,
    createdBy: admin.id,
  });
  await db()
    .update(schema.jobs)
    .set({ status: 'succeeded', finishedAt: NOW })
    .where(eq(schema.jobs.id, finished.id));
  const unfinished = await createJob({
    kind: 'export',
    params: { format: 'jsonl', filters: {}, maxId: 13, before: 7, bytes: 11 },
    integrationId: shop.id,
    createdBy: admin.id,
  });
  await db().update(schema.jobs).set({ status: 'running' }).where(eq(schema.jobs.id, unfinished.id));
  fs.mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'exports', `export-${finished.id}.csv`), EXPORTED);
  fs.writeFileSync(path.join(dataDir, 'exports', `export-${unfinished.id}.jsonl.part`), '{"id":13}\n{"id":1');
  await createToken({ name: 'CI', role: 'marketer' }, admin.id);
  await recordVerification(shop.id, NOW, 'manual', { ok: true, checks: [{ ok: true, message: 'fine' }] });
  await ensureSandbox();
  await recordSandboxVisit('sandbox-client', 'https://shop.example/page', 'Mozilla');
  await claimTick('digest', 7, NOW);
  await addFailure('account', 'admin@example.com', NOW, HOUR);
  // A backfill upload waiting for its mapping: on SQLite a file beside the database, not a row.
  const upload = await createJob({
    kind: 'backfill',
    params: {},
    integrationId: shop.id,
    createdBy: admin.id,
  });
  fs.mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'uploads', `${upload.id}.csv`), UPLOAD);
  fs.writeFileSync(path.join(dataDir, 'uploads', '999999.csv'), 'no job has this file\n');
  const [account] = await db().select().from(schema.sandboxAccounts).limit(1);
  await db()
    .insert(schema.sandboxUsers)
    .values({ accountId: account!.id, email: 'sandbox@example.com' })
    .onConflictDoNothing();
  await db()
    .insert(schema.sandboxContacts)
    .values({ id: 'c-1', accountId: account!.id, email: 'buyer0@example.com' })
    .onConflictDoNothing();
  await db()
    .insert(schema.sandboxEvents)
    .values({
      id: 'e-1',
      accountId: account!.id,
      contactId: 'c-1',
      type: 'CART',
      event: { a: 1 },
      path: '/api/v3/contact/event/add',
    });
  await db().insert(schema.sandboxCounters).values({ key: 'events', count: 3 }).onConflictDoNothing();
  // Incidents, notifications and the counters the worker and collector keep (no single data function
  // writes each of these rows on its own).
  const [incident] = await db()
    .insert(schema.incidents)
    .values({
      integrationId: shop.id,
      integrationName: 'Shop',
      cause: 'credentials',
      state: 'open',
      summary: 'SALESmanago refuses the API key',
      firstSeenAt: NOW,
      lastSeenAt: NOW,
      affected: 2,
      details: { reason: 'auth' },
    })
    .returning();
  await db()
    .insert(schema.incidentEvents)
    .values({ incidentId: incident!.id, at: NOW, kind: 'opened', message: 'Opened' });
  await db().insert(schema.incidentSubscriptions).values({ userId: admin.id, integrationId: shop.id });
  await db().insert(schema.digestSubscriptions).values({ userId: admin.id });
  const [webhook] = await db()
    .insert(schema.notificationWebhooks)
    .values({
      scope: 'all',
      url: 'https://hooks.example/x',
      secretEnc: encryptSecret('webhook-signing-secret'),
      secretHint: 'c',
      updatedAt: NOW,
    })
    .returning();
  await db()
    .insert(schema.notifications)
    .values({
      dedupeKey: 'k1',
      kind: 'opened',
      channel: 'webhook',
      incidentId: incident!.id,
      integrationId: shop.id,
      integrationName: 'Shop',
      webhookId: webhook!.id,
      recipient: 'https://hooks.example/x',
      subject: 'Incident',
      message: { text: 'hi' },
      status: 'sent',
      updatedAt: NOW,
    });
  await db()
    .insert(schema.deliveryOutcomeMinutes)
    .values({ integrationId: shop.id, minute: Math.floor(NOW / 60_000), succeeded: 6, failed: 2 });
  await db()
    .insert(schema.collectorRefusals)
    .values({ spanHours: 1, bucket: Math.floor(NOW / HOUR), integrationId: shop.id, cause: 'origin', n: 4 });
  setDbForTests(undefined);
}

/** Every table of the PostgreSQL schema, with its SQLite twin. */
const TABLES = (Object.entries(pgSchema) as [string, unknown][])
  .filter((e): e is [string, PgTable] => is(e[1], PgTable))
  .map(([key, table]) => ({
    key,
    name: getTableConfig(table).name,
    pg: table,
    sqlite: (sqliteSchema as unknown as Record<string, never>)[key]!,
  }));

/** The overview's rollups: built on PostgreSQL from the copied deliveries, not copied. */
const ROLLUPS = [
  'rollup_sent',
  'rollup_reasons',
  'rollup_worth',
  'rollup_products',
  'rollup_products_weekly',
  'rollup_answer_times',
  'rollup_attention',
];

const byContent = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

/** A database on the test cluster owned by a role that is not a superuser, as a managed PostgreSQL gives. */
async function ownedDatabase(): Promise<string> {
  const url = new URL(await freshPgDatabase());
  const role = `owner_${crypto.randomBytes(4).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('hex');
  const admin = new pg.Client({ connectionString: pgClusterUrl() });
  await admin.connect();
  try {
    await admin.query(`create role ${role} login password '${password}'`);
    await admin.query(`alter database ${url.pathname.slice(1)} owner to ${role}`);
  } finally {
    await admin.end();
  }
  url.username = role;
  url.password = password;
  return url.href;
}

async function copyError(
  options: Partial<Parameters<typeof copyToPostgres>[0]> & { url: string },
): Promise<string> {
  try {
    await copyToPostgres({
      sqliteFile,
      keyFile: path.join(dataDir, 'secret.key'),
      appSecretKey: KEY,
      progress: () => undefined,
      ...options,
    });
    return 'copied';
  } catch (err) {
    return (err as Error).message;
  }
}

/** The console's tables that exist on a database (none when nothing was written to it). */
async function consoleTables(url: string): Promise<number> {
  const { rows } = await pgTestPool(url).query<{ n: number }>(
    "select count(*)::int as n from pg_tables where schemaname = 'public'",
  );
  return rows[0]!.n;
}

describe(
  'db:copy, a SQLite console into an empty PostgreSQL database',
  { timeout: PG_TEST_TIMEOUT * 2 },
  () => {
    let url: string;
    let pool: pg.Pool;
    const lines: string[] = [];

    beforeAll(async () => {
      await seed();
      url = await ownedDatabase();
      await copyToPostgres({
        sqliteFile,
        url,
        keyFile: path.join(dataDir, 'secret.key'),
        appSecretKey: KEY,
        progress: (line) => lines.push(line),
        batchRows: 4,
      });
      pool = pgTestPool(url);
    }, PG_TEST_TIMEOUT * 2);
    afterAll(() => setPgEngine(undefined));

    it('copies every table row for row, ids, booleans and JSON included', async () => {
      const pgDb = pgHandle(pool).db;
      for (const table of TABLES) {
        // SQLite keeps backfill uploads and exports as files: the next tests check them.
        if (table.name === 'upload_chunks') continue;
        const source = sqlite.select().from(table.sqlite).all();
        expect(source.length, `${table.name} was seeded`).toBeGreaterThan(0);
        if (ROLLUPS.includes(table.name)) continue;
        // The unfinished export's params also count the chunks its file was stored in (the next tests).
        const expected =
          table.name === 'jobs'
            ? (source as Array<{ status: string; params: Record<string, unknown> }>).map((j) =>
                j.status === 'running' ? { ...j, params: { ...j.params, chunks: 1 } } : j,
              )
            : source;
        expect(byContent(await pgDb.select().from(table.pg)), table.name).toEqual(byContent(expected));
      }
      // Batches of 4 rows: the deliveries came in several, each reported.
      expect(lines.filter((line) => line.startsWith('deliveries: 13 rows copied'))).toHaveLength(1);
    });

    it("stores each copied job's upload file as its chunks, and leaves a file no job owns", async () => {
      setPgEngine(pgHandle(pool));
      const [job] = await db().select().from(schema.jobs).where(eq(schema.jobs.kind, 'backfill'));
      const parts: Buffer[] = [];
      for (let seq = 0; ; seq++) {
        const chunk = await readUploadChunk(job!.id, seq);
        if (!chunk) break;
        parts.push(chunk);
      }
      expect(parts.length).toBeGreaterThan(2);
      expect(Buffer.concat(parts).equals(UPLOAD)).toBe(true);
      const jobsWithChunks = await db()
        .selectDistinct({ jobId: schema.uploadChunks.jobId })
        .from(schema.uploadChunks)
        .innerJoin(schema.jobs, eq(schema.jobs.id, schema.uploadChunks.jobId))
        .where(eq(schema.jobs.kind, 'backfill'));
      expect(jobsWithChunks).toEqual([{ jobId: job!.id }]);
      expect(lines).toContain('backfill uploads: 1 of 2 files stored in 3 chunks');
    });

    it('stores the export files: a finished one downloads whole, an unfinished one carries on from its last page', async () => {
      setPgEngine(pgHandle(pool));
      const exports = await db()
        .select()
        .from(schema.jobs)
        .where(eq(schema.jobs.kind, 'export'))
        .orderBy(schema.jobs.id);
      const finished = exports.find((j) => j.status === 'succeeded')!;
      const download = await exportDownload(finished.id, finished.createdBy, NOW + HOUR);
      const parts: Buffer[] = [];
      for await (const piece of download.open()) parts.push(piece as Buffer);
      expect(download.bytes).toBe(EXPORTED.length);
      expect(Buffer.concat(parts).equals(EXPORTED)).toBe(true);
      // Only what the job recorded (its first 11 bytes), in as many chunks as its params now say.
      const unfinished = exports.find((j) => j.status === 'running')!;
      expect((unfinished.params as { chunks?: number }).chunks).toBe(1);
      expect((await readUploadChunk(unfinished.id, 0))?.toString()).toBe('{"id":13}\n{');
      expect(await readUploadChunk(unfinished.id, 1)).toBeUndefined();
      // The export never given a file has none.
      expect(await readUploadChunk(exports[0]!.id, 0)).toBeUndefined();
      expect(lines).toContain('exports: 2 files stored in 3 chunks');
    });

    it("builds the rollups as PostgreSQL's triggers would, and the history's search rows", async () => {
      for (const name of ROLLUPS) {
        const { rows } = await pool.query<{ rollup: number; raw: number; differ: number }>(
          `select (select count(*) from ${name})::int as rollup, (select count(*) from ${name}_raw)::int as raw,
          (select count(*) from ((table ${name} except table ${name}_raw) union all (table ${name}_raw except table ${name})) x)::int as differ`,
        );
        expect(rows[0], name).toEqual({ rollup: rows[0]!.raw, raw: rows[0]!.raw, differ: 0 });
        expect(rows[0]!.raw, name).toBeGreaterThan(0);
      }
      const found = await pool.query<{ id: number }>(
        "select d.id from deliveries d join deliveries_search s on s.delivery_id = d.id where s.body ilike '%ord-4247%'",
      );
      expect(found.rows).toHaveLength(1);
      // The triggers are on again: a new delivery is counted and searchable.
      setPgEngine(pgHandle(pool));
      const added = await insertDelivery({
        integration: { id: 1, name: 'Shop' },
        source: 'api',
        operation: 'add',
        event: { type: 'VISIT', email: 'late@example.com', externalId: 'LATE-1' },
      });
      const { rows } = await pool.query<{ differ: number; search: number }>(
        `select (select count(*) from ((table rollup_sent except table rollup_sent_raw) union all (table rollup_sent_raw except table rollup_sent)) x)::int as differ,
        (select count(*) from deliveries_search where delivery_id = $1 and body ilike '%late-1%')::int as search`,
        [added.id],
      );
      expect(rows[0]).toEqual({ differ: 0, search: 1 });
    });

    it('leaves the same indexes and triggers as the migrations make (dropped and disabled during the copy only)', async () => {
      const migrated = pgTestPool(await freshPgDatabase());
      await runPgMigrations(migrated);
      const catalogue = async (p: pg.Pool) => {
        const { rows } = await p.query(
          `select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public'
           union all select tgname, tgenabled::text from pg_trigger where not tgisinternal order by 1`,
        );
        return rows;
      };
      const expected = await catalogue(migrated);
      expect(expected.length).toBeGreaterThan(50);
      expect(await catalogue(pool)).toEqual(expected);
    });

    it('keeps the secrets as stored and the key check value: the same key decrypts them on PostgreSQL', async () => {
      setPgEngine(pgHandle(pool));
      const row = await getIntegrationRow(1);
      expect(getCredentials(row)).toMatchObject({ apiKey: API_KEY, apiSecret: API_SECRET });
      // The key check value came along: a start with the same key passes, one with another stops.
      await checkSecretKey();
      await expect(checkSecretKey('0'.repeat(64), 'APP_SECRET_KEY')).rejects.toThrow(
        /^APP_SECRET_KEY differs from the key this database was set up with/,
      );
    });

    it('moves every sequence past the copied ids, so inserts after the copy work', async () => {
      setPgEngine(pgHandle(pool));
      const before = await pool.query<{ max: number }>('select max(id)::int as max from users');
      const user = await createUser({
        email: 'new@example.com',
        role: 'viewer',
        password: 'a-long-password-3',
        name: 'New',
      });
      expect(user.id).toBe(before.rows[0]!.max + 1);
      await audit({ id: user.id, label: 'New' }, 'user.create', 'Created New');
      const { rows } = await pool.query<{ table: string; column: string }>(
        "select table_name as table, column_name as column from information_schema.columns where table_schema = 'public' and is_identity = 'YES'",
      );
      expect(rows.length).toBeGreaterThan(10);
      for (const { table, column } of rows) {
        const next = await pool.query<{ ok: boolean }>(
          `select nextval(pg_get_serial_sequence($1, $2)) > coalesce((select max(${column}) from ${table}), 0) as ok`,
          [table, column],
        );
        expect(next.rows[0]!.ok, table).toBe(true);
      }
    });

    it('refuses a database that already holds console data, and writes nothing', async () => {
      const before = await pool.query<{ n: number }>('select count(*)::int as n from deliveries');
      expect(await copyError({ url })).toMatch(
        /^The database at 127\.0\.0\.1:\d+\/test_[0-9a-f]+ already holds console data \(.*deliveries.*\): db:copy copies into an empty database only/,
      );
      const after = await pool.query<{ n: number }>('select count(*)::int as n from deliveries');
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    });
  },
);

describe('db:copy refusals: one sentence, nothing written', { timeout: PG_TEST_TIMEOUT }, () => {
  beforeAll(async () => {
    if (!sqlite) await seed();
  }, PG_TEST_TIMEOUT);

  it('refuses an APP_SECRET_KEY the secrets were not encrypted with', async () => {
    const url = await freshPgDatabase();
    expect(await copyError({ url, appSecretKey: 'another-key-that-is-also-long-enough' })).toBe(
      "APP_SECRET_KEY is set, but it is not the key the SQLite console's secrets were encrypted with: set it to the key that console runs with and copy again.",
    );
    expect(await consoleTables(url)).toBe(0);
  });

  it('refuses a SQLite file that is not a console database, or one of another version', async () => {
    const url = await freshPgDatabase();
    const other = path.join(dataDir, 'other.db');
    new Database(other).close();
    expect(await copyError({ url, sqliteFile: other })).toBe(
      `${other} is not a console database (it has no migrations table).`,
    );
    const older = path.join(dataDir, 'older.db');
    await sqlite.$client.backup(older);
    const client = new Database(older);
    client.exec(
      'delete from __drizzle_migrations where rowid = (select max(rowid) from __drizzle_migrations)',
    );
    client.close();
    expect(await copyError({ url, sqliteFile: older })).toMatch(
      /older\.db was last opened by an older version of the console: start this version on it once/,
    );
    expect(await consoleTables(url)).toBe(0);
  });

  it('names a missing SQLite database, an unreachable server and a wrong password, never the password', async () => {
    const good = new URL(await freshPgDatabase());
    expect(
      await copyError({ url: good.href, sqliteFile: path.join(dataDir, 'nothing', 'console.db') }),
    ).toMatch(/^There is no console database at .*nothing\/console\.db: set DATA_DIR/);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = new URL(good);
    closed.port = String((server.address() as net.AddressInfo).port);
    await new Promise((resolve) => server.close(resolve));
    expect(await copyError({ url: closed.href })).toMatch(/refused the connection: .*\(--to\)$/);
    const wrong = new URL(good);
    wrong.password = 'not-the-password';
    const sentence = await copyError({ url: wrong.href });
    expect(sentence).toMatch(/the user name or password in --to is wrong/);
    expect(sentence).not.toContain('not-the-password');
    expect(await consoleTables(good.href)).toBe(0);
  });

  it('the command: --to is required and must be postgres://; a copy prints the key advice, never the password', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['scripts/db-copy.mjs', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dataDir, APP_SECRET_KEY: KEY, DATABASE_URL: '', ...env },
      });
    const none = run([]);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/^db:copy: Name the empty PostgreSQL database to copy into with --to\./);
    const http = run(['--to', 'http://example.com/db']);
    expect(http.status).not.toBe(0);
    expect(http.stderr).toMatch(/^db:copy: --to must be a postgres:\/\/ address/);
  });

  it('the command copies, with progress on stderr and the key to use on stdout, never the password', async () => {
    const url = await freshPgDatabase();
    const result = spawnSync(process.execPath, ['scripts/db-copy.mjs', `--to=${url}`], {
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, APP_SECRET_KEY: KEY, DATABASE_URL: '' },
    });
    expect(result.stderr).toContain('deliveries: 13 rows copied');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /Copied [\d,]+ rows of \d+ tables in [\d.]+ s; every table's row count matches\./,
    );
    expect(result.stdout).toContain('with the same APP_SECRET_KEY as this one');
    const password = decodeURIComponent(new URL(url).password);
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });
});
