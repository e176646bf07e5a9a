// The PostgreSQL migrations (issue 17) on the throwaway cluster (scripts/vitest-pg-setup.mjs): they apply
// to an empty database, two instances migrating at once apply each migration once, the migrated catalogue
// is db/schema.pg.ts, and the custom parts (monotonic created_at, search, the overview's rollups) behave
// as SQLite's do.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, test } from 'vitest';

import { MIGRATION_LOCK_KEY, PG_MIGRATIONS_FOLDER, runPgMigrations } from './migrate-pg';
import * as pgSchema from './schema.pg';
import { normaliseSql, schemaShape } from './schema-shape';
import { freshPgDatabase, PG_TEST_TIMEOUT, pgTestPool } from './test-helpers';

const journal = JSON.parse(
  fs.readFileSync(path.join(PG_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as {
  entries: { tag: string }[];
};

describe('runPgMigrations', { timeout: PG_TEST_TIMEOUT }, () => {
  test('applies every migration to an empty database', async () => {
    const pool = pgTestPool(await freshPgDatabase());
    await runPgMigrations(pool);
    const applied = await pool.query('select hash from drizzle.__drizzle_migrations');
    expect(applied.rowCount).toBe(journal.entries.length);
    const tables = await pool.query(
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    expect(tables.rows.map((r) => r.table_name)).toContain('deliveries');
    // A second run finds nothing pending.
    await runPgMigrations(pool);
    expect((await pool.query('select count(*) as n from drizzle.__drizzle_migrations')).rows[0].n).toBe(
      journal.entries.length,
    );
  });

  test('two instances starting together both succeed and apply each migration once', async () => {
    const url = await freshPgDatabase();
    const [a, b] = [pgTestPool(url), pgTestPool(url)];
    await Promise.all([runPgMigrations(a), runPgMigrations(b)]);
    const applied = await a.query(
      'select hash, count(*) as n from drizzle.__drizzle_migrations group by hash',
    );
    expect(applied.rowCount).toBe(journal.entries.length);
    expect(applied.rows.every((r) => r.n === 1)).toBe(true);
  });

  test('waits while another holds the migration lock', async () => {
    const url = await freshPgDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      let done = false;
      const run = runPgMigrations(pgTestPool(url)).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await run;
      expect(done).toBe(true);
    } finally {
      await holder.end();
    }
  });
});

describe('a migrated database', { timeout: PG_TEST_TIMEOUT }, () => {
  // Made by the first test that asks (not in beforeAll, whose failure would only mark these tests
  // skipped): without PostgreSQL each test fails with the sentence saying what to install.
  let migrated: Promise<pg.Pool> | undefined;
  const migratedPool = () =>
    (migrated ??= freshPgDatabase().then(async (url) => {
      const pool = pgTestPool(url);
      await runPgMigrations(pool);
      return pool;
    }));

  const shape = schemaShape(pgSchema);
  /** Tables the custom migrations add beside the schema's, with the migration that makes each. */
  const CUSTOM_TABLES = { deliveries_search: '0001_history_search' };
  const PG_TYPES: Record<string, string> = {
    integer: 'bigint',
    boolean: 'boolean',
    text: 'text',
    json: 'json',
    float: 'double precision',
    bytes: 'bytea',
  };

  test('has db/schema.pg.ts tables and columns: types, nullability, defaults, identities', async () => {
    const pool = await migratedPool();
    const tables = await pool.query(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(tables.rows.map((r) => r.table_name).sort()).toEqual(
      [...Object.keys(shape), ...Object.keys(CUSTOM_TABLES)].sort(),
    );
    const columns = await pool.query(
      `select table_name, column_name, data_type, is_nullable, column_default, is_identity, identity_generation
       from information_schema.columns natural join information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const live = new Map(columns.rows.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    const expected = Object.entries(shape).flatMap(([table, t]) =>
      Object.entries(t.columns).map(([name, c]) => ({ key: `${table}.${name}`, c })),
    );
    const customColumns = [...live.keys()].filter((k) => k.split('.')[0]! in CUSTOM_TABLES);
    expect([...live.keys()].length).toBe(expected.length + customColumns.length);
    const literal = (value: unknown, type: string) =>
      typeof value === 'string' ? `'${value}'::${type}` : String(value);
    for (const { key, c } of expected) {
      const l = live.get(key);
      expect(l, key).toBeDefined();
      expect(l.data_type, key).toBe(PG_TYPES[c.type]);
      expect(l.is_nullable === 'NO', key).toBe(c.notNull);
      expect(l.is_identity === 'YES' && l.identity_generation === 'BY DEFAULT', key).toBe(c.generatedId);
      const def =
        c.default === null
          ? null
          : c.default === 'now in epoch ms'
            ? '(floor((EXTRACT(epoch FROM statement_timestamp()) * (1000)::numeric)))::bigint'
            : literal(JSON.parse(c.default), l.data_type);
      expect(l.column_default, key).toBe(def);
    }
  });

  test('has its indexes: columns, uniqueness and partial predicates, primary and foreign keys', async () => {
    const pool = await migratedPool();
    const indexes = await pool.query(
      `select t.relname as table_name, i.relname as index_name, x.indisunique as is_unique, x.indisprimary as is_primary,
         pg_get_expr(x.indpred, x.indrelid) as predicate,
         array(select a.attname from unnest(x.indkey) with ordinality k(n, o)
               join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o)::text[] as columns
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public'`,
    );
    const live = new Map(
      indexes.rows.filter((r) => !(r.table_name in CUSTOM_TABLES)).map((r) => [r.index_name, r]),
    );
    const expected = new Map<string, { columns: string[]; unique: boolean; where: string | null }>();
    for (const [table, t] of Object.entries(shape)) {
      for (const [name, i] of Object.entries(t.indexes)) expected.set(name, i);
      for (const [column, c] of Object.entries(t.columns))
        if (c.unique) expected.set(c.unique, { columns: [column], unique: true, where: null });
      const pk = [...live.values()].find((r) => r.table_name === table && r.is_primary);
      expect(pk?.columns ?? [], `${table}'s primary key`).toEqual(t.primaryKey);
      if (pk) expected.set(pk.index_name, { columns: t.primaryKey, unique: true, where: null });
    }
    expect([...live.keys()].sort()).toEqual([...expected.keys()].sort());
    // PostgreSQL writes a predicate back its own way ((status = 'retrying'::text), = ANY (ARRAY[…])): the
    // schema's WHERE is compared in that form, by asking PostgreSQL to read it on the same table.
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const [name, i] of expected) {
        const l = live.get(name);
        expect({ columns: l.columns, unique: l.is_unique }, name).toEqual({
          columns: i.columns,
          unique: i.unique,
        });
        if (i.where === null) {
          expect(l.predicate, name).toBeNull();
          continue;
        }
        await client.query(
          `create index parity_probe on ${l.table_name} (${i.columns.join(', ')}) where ${i.where}`,
        );
        const probe = await client.query(
          `select pg_get_expr(indpred, indrelid) as predicate from pg_index where indexrelid = 'parity_probe'::regclass`,
        );
        expect(normaliseSql(l.predicate), name).toBe(normaliseSql(probe.rows[0].predicate));
        await client.query('drop index parity_probe');
      }
    } finally {
      await client.query('rollback');
      client.release();
    }
    const fks = await pool.query(
      `select c.conrelid::regclass::text as table_name, c.confrelid::regclass::text as foreign_table, c.confdeltype,
         array(select a.attname from unnest(c.conkey) k(n) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n)::text[] as columns
       from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
    );
    const ON_DELETE: Record<string, string> = {
      a: 'no action',
      c: 'cascade',
      n: 'set null',
      r: 'restrict',
      d: 'set default',
    };
    const liveFks = fks.rows
      .filter((r) => !(r.table_name in CUSTOM_TABLES))
      .map(
        (r) =>
          `${r.table_name}(${r.columns.join(',')}) -> ${r.foreign_table} on delete ${ON_DELETE[r.confdeltype]}`,
      );
    const expectedFks = Object.entries(shape).flatMap(([table, t]) =>
      Object.values(t.foreignKeys).map(
        (f) => `${table}(${f.columns.join(',')}) -> ${f.foreignTable} on delete ${f.onDelete}`,
      ),
    );
    expect(liveFks.sort()).toEqual(expectedFks.sort());
  });
});
