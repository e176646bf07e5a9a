import type { InferInsertModel, InferSelectModel, Table } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, expectTypeOf, test } from 'vitest';

import * as sqliteSchema from './schema';
import * as pgSchema from './schema.pg';
import {
  COLUMN_TYPES,
  schemaDifferences,
  schemaShape,
  tableDifferences,
  type TableShape,
} from './schema-shape';

// The two dialects' schemas (issue 17) must describe the same database: one data layer runs on both.

const sqliteShape = schemaShape(sqliteSchema);
const pgShape = schemaShape(pgSchema);
/** One table's shape, which must exist. */
const tableIn = (shape: Record<string, TableShape>, name: string): TableShape => {
  const table = shape[name];
  if (!table) throw new Error(`no table ${name}`);
  return table;
};
const pg = (name: string) => tableIn(pgShape, name);

describe('db/schema.ts (SQLite) and db/schema.pg.ts (PostgreSQL)', () => {
  test('have the same tables, columns, types, defaults, keys and indexes', () => {
    expect(Object.keys(sqliteShape).length).toBeGreaterThan(30);
    expect(Object.keys(pgShape).sort()).toEqual(Object.keys(sqliteShape).sort());
    expect(schemaDifferences(sqliteShape, pgShape)).toEqual([]);
  });

  test('read the partial indexes and the SQL defaults, so a difference in them would show', () => {
    // The comparison only guards what it reads: these are the things that differ in SQL text per dialect.
    expect(pg('deliveries').indexes.deliveries_due_idx?.where).toBe("status = 'retrying'");
    expect(pg('notifications').indexes.notifications_due_idx?.where).toBe(
      "status in ('pending', 'retrying')",
    );
    expect(pg('incidents').indexes.incidents_open_idx).toEqual({
      columns: ['integration_id', 'cause'],
      unique: true,
      where: "state <> 'resolved'",
    });
    expect(pg('deliveries').columns.created_at?.default).toBe('now in epoch ms');
    expect(tableIn(sqliteShape, 'deliveries').columns.created_at?.default).toBe('now in epoch ms');
    expect(pg('deliveries').columns.id?.generatedId).toBe(true);
    expect(pg('rollup_sent').primaryKey).toEqual(['span_hours', 'integration_id', 'bucket']);
    expect(pg('deliveries').foreignKeys.integration_id?.onDelete).toBe('set null');
  });

  test('map each SQLite column type to exactly one PostgreSQL type', () => {
    // schemaShape throws on a drizzle column class the table does not name, and compares logical types:
    // a pair per logical type keeps "the same logical type" meaning "the mapped PostgreSQL type".
    const classes = Object.entries(COLUMN_TYPES);
    for (const logical of new Set(Object.values(COLUMN_TYPES))) {
      const pair = classes.filter(([, l]) => l === logical).map(([c]) => c.replace(/^(SQLite|Pg).*/, '$1'));
      expect(pair.sort(), logical).toEqual(['Pg', 'SQLite']);
    }
  });
});

describe('the parity check catches drift', () => {
  // A copy of sandbox_contacts as db/schema.pg.ts has it, then with one thing changed at a time.
  const contacts = (variant: 'same' | 'no-email' | 'nullable-account' | 'other-index') =>
    pgTable(
      'sandbox_contacts',
      {
        id: text('id').primaryKey(),
        accountId:
          variant === 'nullable-account'
            ? bigint('account_id', { mode: 'number' }).references(() => pgSchema.sandboxAccounts.id, {
                onDelete: 'cascade',
              })
            : bigint('account_id', { mode: 'number' })
                .notNull()
                .references(() => pgSchema.sandboxAccounts.id, { onDelete: 'cascade' }),
        ...(variant === 'no-email' ? {} : { email: text('email') }),
        createdAt: bigint('created_at', { mode: 'number' })
          .notNull()
          .default(sql`(floor(extract(epoch from statement_timestamp()) * 1000))::bigint`),
      },
      (t) => [
        'email' in t && t.email && variant !== 'other-index'
          ? index('sandbox_contacts_email_idx').on(t.accountId, t.email)
          : index('sandbox_contacts_email_idx').on(t.accountId),
      ],
    );
  const differences = (table: Table) =>
    tableDifferences(
      'sandbox_contacts',
      tableIn(sqliteShape, 'sandbox_contacts'),
      tableIn(schemaShape({ table }), 'sandbox_contacts'),
    );

  test('a faithful copy has none', () => {
    expect(differences(contacts('same'))).toEqual([]);
  });

  test('a column removed, a nullability or an index changed is named', () => {
    expect(differences(contacts('no-email'))).toContain(
      'sandbox_contacts: column email is missing in PostgreSQL',
    );
    expect(differences(contacts('nullable-account'))).toContain(
      'sandbox_contacts.account_id: notNull is true in SQLite but false in PostgreSQL',
    );
    expect(differences(contacts('other-index'))).toContain(
      `sandbox_contacts: index sandbox_contacts_email_idx's columns is ["account_id","email"] in SQLite but ["account_id"] in PostgreSQL`,
    );
  });

  test("a partial index's WHERE changed, a default, a foreign key's on delete and a missing table are named", () => {
    const drifted = structuredClone(pgShape);
    Object.assign(tableIn(drifted, 'deliveries').indexes.deliveries_due_idx ?? {}, {
      where: "status = 'queued'",
    });
    Object.assign(tableIn(drifted, 'users').columns.name ?? {}, { default: null });
    Object.assign(tableIn(drifted, 'sessions').foreignKeys.user_id ?? {}, { onDelete: 'set null' });
    delete drifted.jobs;
    expect(schemaDifferences(sqliteShape, drifted).sort()).toEqual(
      [
        `deliveries: index deliveries_due_idx's where is "status = 'retrying'" in SQLite but "status = 'queued'" in PostgreSQL`,
        'users.name: default is "\\"\\"" in SQLite but null in PostgreSQL',
        'sessions: foreign key on user_id is {"columns":["user_id"],"foreignTable":"users","foreignColumns":["id"],"onDelete":"cascade","onUpdate":"no action"} in SQLite but {"columns":["user_id"],"foreignTable":"users","foreignColumns":["id"],"onDelete":"set null","onUpdate":"no action"} in PostgreSQL',
        'table jobs is missing in PostgreSQL',
      ].sort(),
    );
  });
});

// ---- Types: the data layer's rows must be the same TypeScript types on both engines. These are checked
// by `tsc --noEmit` (npm test's typecheck step), which type-checks this file; at run time they do nothing.

type Tables<S> = { [K in keyof S as S[K] extends Table ? K : never]: S[K] };
type Selects<S> = {
  [K in keyof Tables<S>]: Tables<S>[K] extends Table ? InferSelectModel<Tables<S>[K]> : never;
};
type Inserts<S> = {
  [K in keyof Tables<S>]: Tables<S>[K] extends Table ? InferInsertModel<Tables<S>[K]> : never;
};

test('each table has the same select and insert types in both dialects (checked by tsc)', () => {
  expectTypeOf<keyof Tables<typeof pgSchema>>().toEqualTypeOf<keyof Tables<typeof sqliteSchema>>();
  expectTypeOf<Selects<typeof pgSchema>>().toEqualTypeOf<Selects<typeof sqliteSchema>>();
  // One exception: digest_subscriptions.user_id is an INTEGER PRIMARY KEY, which SQLite makes the rowid, so
  // drizzle lets an insert leave it out (SQLite would number it); PostgreSQL's is required. Every caller
  // names the user, so the stricter type is the one both engines accept.
  type Checked<S> = Omit<Inserts<S>, 'digestSubscriptions'>;
  expectTypeOf<Checked<typeof pgSchema>>().toEqualTypeOf<Checked<typeof sqliteSchema>>();
  type DigestInsert<S extends { digestSubscriptions: Table }> = InferInsertModel<S['digestSubscriptions']>;
  expectTypeOf<Required<DigestInsert<typeof pgSchema>>>().toEqualTypeOf<
    Required<DigestInsert<typeof sqliteSchema>>
  >();
  expectTypeOf<DigestInsert<typeof pgSchema>['createdAt']>().toEqualTypeOf<
    DigestInsert<typeof sqliteSchema>['createdAt']
  >();
  expectTypeOf<DigestInsert<typeof pgSchema>['userId']>().toEqualTypeOf<number>();
  expectTypeOf<DigestInsert<typeof sqliteSchema>['userId']>().toEqualTypeOf<number | undefined>();
  // The check bites: a nullable column where SQLite has none fails it.
  const drifted = {
    nullable: pgTable('users', { name: text('name') }),
    notNull: pgTable('users', { name: text('name').notNull() }),
  };
  type Nullable = InferSelectModel<typeof drifted.nullable>;
  type NotNull = InferSelectModel<typeof drifted.notNull>;
  // @ts-expect-error string | null is not string
  expectTypeOf<Nullable>().toEqualTypeOf<NotNull>();
  expect(Object.keys(drifted)).toHaveLength(2);
});
