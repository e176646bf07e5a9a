import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const { openDb, setDbForTests } = await import('@/db');
const { checkpoint, setAutoCheckpoint } = await import('./wal');
const { tempDbFiles } = await import('./test-helpers');

const dbFile = tempDbFiles('wal-test-');

describe('WAL checkpoints', () => {
  it('with automatic checkpoints off, commits only grow the WAL until checkpoint() copies it back', async () => {
    const file = dbFile('wal.db');
    const db = openDb(file);
    setDbForTests(db);
    await setAutoCheckpoint(false);
    const insert = db.$client.prepare('insert into sandbox_counters (key, count) values (?, 1)');
    // Well past the 1000 pages at which a commit would otherwise checkpoint.
    const big = 'x'.repeat(3000);
    for (let i = 0; i < 1500; i++) insert.run(`${i}-${big}`);
    const pages = (f: string) => fs.statSync(f).size / 4096;
    // Everything is still in the WAL: the database file holds only what migrations wrote.
    expect(pages(`${file}-wal`)).toBeGreaterThan(1000);
    const dbPagesBefore = pages(file);
    await checkpoint();
    // The checkpoint copied the new pages into the database file.
    expect(pages(file)).toBeGreaterThan(dbPagesBefore + 1000);
    await setAutoCheckpoint(true);
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.$client.close();
  });
});
