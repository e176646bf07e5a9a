import 'server-only';

import { engineKind, getDb, pendingMigrations, pgConnection, setDatabaseFile, setPgEngine } from '@/db';
import { config } from '@/lib/config';
import { logInfo } from '@/lib/log';
import { describePgUrl, openPostgres } from './postgres-start';

/**
 * Opens the configured database and applies pending migrations: PostgreSQL when DATABASE_URL is set
 * (issue 17), else SQLite in DATA_DIR/console.db. Called once where a process or thread starts
 * (lib/bootstrap.ts, lib/delivery/thread.ts): db/ takes the file or pool from here instead of reading
 * the configuration itself. Returns what it opened, in words, for the start line (never the password).
 * Throws one sentence naming the problem when PostgreSQL cannot be used.
 */
export async function openDatabase(): Promise<string> {
  const cfg = config();
  if (cfg.databaseUrl) {
    const { handle, version } = await openPostgres(cfg.databaseUrl);
    setPgEngine(handle);
    return `PostgreSQL ${version} at ${describePgUrl(cfg.databaseUrl)}`;
  }
  setDatabaseFile(cfg.databasePath);
  // An upgrade's migrations run before the ready line; on a large history that can take minutes.
  const pending = pendingMigrations(cfg.databasePath);
  if (pending)
    logInfo(`database: applying ${pending} migration${pending > 1 ? 's' : ''} (minutes on a large history)`);
  getDb();
  return `SQLite at ${cfg.databasePath}`;
}

/**
 * Closes this process's database at the end of a graceful shutdown (lib/shutdown.ts): the PostgreSQL
 * pool ends once its clients are back, the SQLite connection closes (copying the WAL back into the file).
 */
export async function closeDatabase(): Promise<void> {
  if (engineKind() === 'pg') await pgConnection().pool.end();
  else getDb().$client.close();
}
