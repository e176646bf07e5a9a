import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

import * as pgSchema from './schema.pg';

/** A PostgreSQL pool and the drizzle database over it (issue 17). */
export interface PgHandle {
  pool: pg.Pool;
  db: NodePgDatabase<typeof pgSchema>;
}

export function pgHandle(pool: pg.Pool): PgHandle {
  return { pool, db: drizzle({ client: pool, schema: pgSchema }) };
}

/**
 * Raw SQL's bigints (int8: counts; sums of bigint columns are numeric) and numerics read as numbers, as
 * better-sqlite3 reads SQLite's integers, so hand-written queries read the same on both engines. Every
 * value the console keeps fits below 2^53 (ids, epoch milliseconds, counters, money in ten-thousandths).
 * Set on pg's global parsers because drizzle passes its own per-query parsers, which fall back to them.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);
