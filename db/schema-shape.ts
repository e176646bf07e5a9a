/**
 * Both dialects' schemas (db/schema.ts for SQLite, db/schema.pg.ts for PostgreSQL) read into one neutral
 * shape, and the differences between two shapes as sentences: db/schema-parity.test.ts holds the two
 * schema files equal with it, and db/migrate-pg.test.ts holds a migrated PostgreSQL database to the
 * PostgreSQL schema. drizzle has no schema shared across dialects (issue 17), so this is what stops them
 * drifting apart.
 */
import { Column, getTableName, is, SQL, StringChunk, Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';

export interface ColumnShape {
  /** A logical type both dialects name alike: 'integer', 'boolean', 'text', 'json', 'float', 'bytes'. */
  type: string;
  notNull: boolean;
  /** Normalised: a literal as JSON, or a known SQL expression's name (SQL_DEFAULTS), or the SQL itself. */
  default: string | null;
  /** An id the database assigns (SQLite AUTOINCREMENT, PostgreSQL identity). */
  generatedId: boolean;
  /** The name of its UNIQUE constraint or index, when the column has one. */
  unique: string | null;
  enumValues: readonly string[] | null;
}

export interface IndexShape {
  columns: string[];
  unique: boolean;
  /** The partial index's predicate, normalised (no quotes or table names, lower case, single spaces). */
  where: string | null;
}

export interface ForeignKeyShape {
  columns: string[];
  foreignTable: string;
  foreignColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, IndexShape>;
  /** Keyed by the referencing columns (constraint names differ: SQLite's are unnamed). */
  foreignKeys: Record<string, ForeignKeyShape>;
  checks: string[];
}

/**
 * Each dialect's drizzle column class, mapped to the logical type: the one place that says which
 * PostgreSQL type stands for which SQLite one (db/schema.pg.ts's header says why).
 */
export const COLUMN_TYPES: Record<string, string> = {
  SQLiteInteger: 'integer',
  PgBigInt53: 'integer',
  SQLiteBoolean: 'boolean',
  PgBoolean: 'boolean',
  SQLiteText: 'text',
  PgText: 'text',
  SQLiteTextJson: 'json',
  // db/schema.pg.ts's json column, a custom type (it reads JSON strings as SQLite does).
  'PgCustomColumn:json': 'json',
  SQLiteReal: 'float',
  PgDoublePrecision: 'float',
  // Bytes read as a Buffer on both: SQLite's blob, db/schema.pg.ts's bytea custom type.
  SQLiteBlobBuffer: 'bytes',
  'PgCustomColumn:bytea': 'bytes',
};

/** SQL defaults that are written differently per dialect but mean the same. */
const SQL_DEFAULTS: Record<string, string> = {
  "(unixepoch('subsec') * 1000)": 'now in epoch ms',
  '(floor(extract(epoch from statement_timestamp()) * 1000))::bigint': 'now in epoch ms',
};

/** An SQL fragment as text, columns by their bare name: the same in both dialects. */
function sqlText(value: unknown): string {
  if (is(value, SQL)) return value.queryChunks.map(sqlText).join('');
  if (is(value, StringChunk)) return value.value.join('');
  if (is(value, Column)) return value.name;
  if (typeof value === 'string') return value;
  throw new Error(`schema-shape: cannot read ${String(value)} in an SQL fragment`);
}

export const normaliseSql = (text: string) =>
  text
    .replace(/"([a-z_0-9]+)"\."([a-z_0-9]+)"/gi, '$2')
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

function defaultOf(column: Column): string | null {
  if (column.default === undefined) return null;
  if (is(column.default, SQL)) {
    const text = sqlText(column.default);
    return SQL_DEFAULTS[text] ?? normaliseSql(text);
  }
  return JSON.stringify(column.default);
}

function columnShape(column: Column): ColumnShape {
  const kind =
    column.columnType === 'PgCustomColumn' ? `PgCustomColumn:${column.getSQLType()}` : column.columnType;
  const type = COLUMN_TYPES[kind];
  if (!type) throw new Error(`schema-shape: no logical type for ${kind} (${column.name})`);
  const extra = column as Column & { autoIncrement?: boolean; generatedIdentity?: unknown };
  return {
    type,
    notNull: column.notNull,
    default: defaultOf(column),
    generatedId: Boolean(extra.autoIncrement || extra.generatedIdentity),
    unique: column.isUnique ? (column.uniqueName ?? null) : null,
    enumValues: column.enumValues ?? null,
  };
}

interface DialectConfig {
  columns: Column[];
  primaryKeys: { columns: Column[] }[];
  indexes: { config: { name: string; columns: unknown[]; unique: boolean; where?: SQL } }[];
  foreignKeys: {
    reference: () => { columns: Column[]; foreignTable: Table; foreignColumns: Column[] };
    onDelete?: string;
    onUpdate?: string;
  }[];
  checks: { name: string }[];
}

function shapeOf(config: DialectConfig): TableShape {
  const columnName = (c: unknown) => (c as { name: string }).name;
  const pkColumn = config.columns.filter((c) => c.primary).map((c) => c.name);
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, columnShape(c)])),
    primaryKey: pkColumn.length ? pkColumn : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []),
    indexes: Object.fromEntries(
      config.indexes.map(({ config: i }) => [
        i.name,
        {
          columns: i.columns.map(columnName),
          unique: i.unique,
          where: i.where ? normaliseSql(sqlText(i.where)) : null,
        },
      ]),
    ),
    foreignKeys: Object.fromEntries(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const columns = ref.columns.map((c) => c.name);
        return [
          columns.join(','),
          {
            columns,
            foreignTable: getTableName(ref.foreignTable),
            foreignColumns: ref.foreignColumns.map((c) => c.name),
            onDelete: fk.onDelete ?? 'no action',
            onUpdate: fk.onUpdate ?? 'no action',
          },
        ];
      }),
    ),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

/** Every table a schema module exports, by SQL name, as shapes. */
export function schemaShape(schema: Record<string, unknown>): Record<string, TableShape> {
  const tables: Record<string, TableShape> = {};
  for (const value of Object.values(schema)) {
    if (is(value, SQLiteTable))
      tables[getTableName(value)] = shapeOf(sqliteTableConfig(value) as DialectConfig);
    else if (is(value, PgTable)) tables[getTableName(value)] = shapeOf(pgTableConfig(value) as DialectConfig);
  }
  return tables;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown) => JSON.stringify(v);

/** How table `name` differs from one shape (`left`, e.g. SQLite) to the other, one sentence each. */
export function tableDifferences(
  name: string,
  left: TableShape,
  right: TableShape,
  names = ['SQLite', 'PostgreSQL'],
) {
  const [l, r] = names;
  const out: string[] = [];
  const keyed = <T>(
    what: string,
    a: Record<string, T>,
    b: Record<string, T>,
    each: (key: string, x: T, y: T) => void,
  ) => {
    for (const key of Object.keys(a)) if (!(key in b)) out.push(`${name}: ${what} ${key} is missing in ${r}`);
    for (const key of Object.keys(b)) if (!(key in a)) out.push(`${name}: ${what} ${key} is missing in ${l}`);
    for (const [key, x] of Object.entries(a)) {
      const y = b[key];
      if (y !== undefined) each(key, x, y);
    }
  };
  keyed('column', left.columns, right.columns, (key, x, y) => {
    for (const prop of Object.keys(x) as (keyof ColumnShape)[])
      if (!same(x[prop], y[prop]))
        out.push(`${name}.${key}: ${prop} is ${show(x[prop])} in ${l} but ${show(y[prop])} in ${r}`);
  });
  if (!same(left.primaryKey, right.primaryKey))
    out.push(
      `${name}: primary key is ${show(left.primaryKey)} in ${l} but ${show(right.primaryKey)} in ${r}`,
    );
  keyed('index', left.indexes, right.indexes, (key, x, y) => {
    for (const prop of Object.keys(x) as (keyof IndexShape)[])
      if (!same(x[prop], y[prop]))
        out.push(`${name}: index ${key}'s ${prop} is ${show(x[prop])} in ${l} but ${show(y[prop])} in ${r}`);
  });
  keyed('foreign key on', left.foreignKeys, right.foreignKeys, (key, x, y) => {
    if (!same(x, y)) out.push(`${name}: foreign key on ${key} is ${show(x)} in ${l} but ${show(y)} in ${r}`);
  });
  if (!same(left.checks, right.checks))
    out.push(`${name}: check constraints are ${show(left.checks)} in ${l} but ${show(right.checks)} in ${r}`);
  return out;
}

/** Every difference between two schemas' shapes; none means the same tables, columns, keys and indexes. */
export function schemaDifferences(
  left: Record<string, TableShape>,
  right: Record<string, TableShape>,
  names?: string[],
) {
  const out: string[] = [];
  for (const name of Object.keys(left))
    if (!(name in right)) out.push(`table ${name} is missing in ${names?.[1] ?? 'PostgreSQL'}`);
  for (const name of Object.keys(right))
    if (!(name in left)) out.push(`table ${name} is missing in ${names?.[0] ?? 'SQLite'}`);
  for (const [name, table] of Object.entries(left)) {
    const other = right[name];
    if (other) out.push(...tableDifferences(name, table, other, names));
  }
  return out;
}
