// Migration 0018: the collector's refusal counters written before it kept a fraction of a day in their
// day rows (better-sqlite3 binds a JavaScript number as a REAL); the migration rebuilds those rows from
// the hour rows, which were whole.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { MIGRATIONS_FOLDER } from '@/db/migrate';

const { migrationsBefore } = await import('./test-helpers');

describe('migration 0018', () => {
  it("rebuilds the refusals' day rows from their hours, as whole days", () => {
    const before = migrationsBefore(MIGRATIONS_FOLDER, /refusal_day_buckets/);
    const client = new Database(':memory:');
    migrate(drizzle(client), { migrationsFolder: before });
    fs.rmSync(before, { recursive: true, force: true });
    // The collector's statement before the fix, with its hour bound as a REAL.
    const count = client.prepare(
      `insert into collector_refusals (span_hours, bucket, integration_id, cause, n)
       select s.span_hours, @hour / s.span_hours, g.id, @cause, @n
       from rollup_spans s, (select 3 as id union all select -1) g where true
       on conflict (span_hours, bucket, integration_id, cause) do update set n = n + excluded.n`,
    );
    const day = 20_458;
    for (const [hour, cause, n] of [
      [day * 24 + 10, 'origin', 2],
      [day * 24 + 11, 'origin', 3],
      [day * 24 + 23, 'type', 1],
      [(day + 1) * 24, 'origin', 4],
    ] as const)
      count.run({ hour, cause, n });
    const days = () =>
      client
        .prepare(
          `select bucket, cause, n from collector_refusals where span_hours = 24 and integration_id = 3
           order by bucket, cause`,
        )
        .raw()
        .all() as Array<[number, string, number]>;
    expect(days().some(([bucket]) => !Number.isInteger(bucket))).toBe(true);

    migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    expect(days()).toEqual([
      [day, 'origin', 5],
      [day, 'type', 1],
      [day + 1, 'origin', 4],
    ]);
    // Every integration together too, and the hour rows as they were.
    expect(
      client
        .prepare('select sum(n) from collector_refusals where span_hours = 24 and integration_id = -1')
        .pluck()
        .get(),
    ).toBe(10);
    expect(client.prepare('select count(*) from collector_refusals where span_hours = 1').pluck().get()).toBe(
      8,
    );
  });
});
