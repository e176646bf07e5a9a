import 'server-only';

import { engineKind } from '@/db';
import { withSqliteClient } from './engine';

/** SQLite's default: a commit that finds the WAL over this many pages copies it back into the database. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * Whether this connection's commits copy the WAL back into the database (a checkpoint: page copies
 * and an fsync). The main thread hands that to the delivery thread, so no collector request or page
 * ever waits on it: checkpoints on the main thread were the largest part of the collector's p99.
 */
export async function setAutoCheckpoint(on: boolean): Promise<void> {
  if (engineKind() === 'pg') return; // PostgreSQL checkpoints by itself.
  await withSqliteClient((client) => client.pragma(`wal_autocheckpoint = ${on ? AUTO_CHECKPOINT_PAGES : 0}`));
}

/** Copies what it can of the WAL into the database without waiting for anyone (PASSIVE). */
export async function checkpoint(): Promise<void> {
  if (engineKind() === 'pg') return;
  await withSqliteClient((client) => client.pragma('wal_checkpoint(PASSIVE)'));
}
