import Database from 'better-sqlite3';
import path from 'node:path';

import { DATA_DIR } from './env';

/** Read-only look into the console's database, for checks a person would make in the sandbox's UI. */
export function readDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(DATA_DIR, 'console.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function sandboxEvent(
  eventId: string,
): { type: string; event: Record<string, unknown>; updated_at: number | null } | undefined {
  return readDb((db) => {
    const row = db.prepare('select type, event, updated_at from sandbox_events where id = ?').get(eventId) as
      { type: string; event: string; updated_at: number | null } | undefined;
    return row ? { ...row, event: JSON.parse(row.event) as Record<string, unknown> } : undefined;
  });
}

export function deliveryCount(): number {
  return readDb((db) => (db.prepare('select count(*) as n from deliveries').get() as { n: number }).n);
}
