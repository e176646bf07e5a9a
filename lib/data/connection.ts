import 'server-only';

import { getDb, setDatabaseFile } from '@/db';
import { config } from '@/lib/config';

/**
 * Opens the configured database (DATA_DIR/console.db) and applies pending migrations. Called once
 * where a process or thread starts (lib/bootstrap.ts, lib/delivery/thread.ts): db/ takes the path
 * from here instead of reading the configuration itself.
 */
export function openDatabase(file = config().databasePath): void {
  setDatabaseFile(file);
  getDb();
}
