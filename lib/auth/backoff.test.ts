import { describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from '@/lib/data/engine';
import { ENGINES, testOnEngine } from '@/lib/data/test-helpers';
import { createBackoff } from './backoff';

describe.each(ENGINES)('createBackoff on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  const opts = { free: 3, baseMs: 1000, capMs: 8000, forgetMs: 60_000 };

  it('lets the free failures through, then doubles the wait after each further failure, up to the cap', async () => {
    const b = createBackoff('test', opts);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      now += await b.waitMs('k', now); // a patient client waits exactly as long as asked, then fails again
      await b.fail('k', now);
      waits.push(await b.waitMs('k', now));
    }
    // The wait before attempts 2…9: three failures are free.
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('counts down while the clock runs', async () => {
    const b = createBackoff('test', opts);
    for (let i = 0; i < 4; i++) await b.fail('k', 0);
    expect(await b.waitMs('k', 500)).toBe(1500);
    expect(await b.waitMs('k', 2000)).toBe(0);
  });

  it('forgets a key after a quiet period, and on reset', async () => {
    const b = createBackoff('test', opts);
    for (let i = 0; i < 6; i++) await b.fail('a', 0);
    for (let i = 0; i < 6; i++) await b.fail('b', 0);
    expect(await b.waitMs('a', 59_999)).toBe(0); // the wait itself is over, the count is not forgotten yet
    await b.fail('a', 59_999);
    expect(await b.waitMs('a', 59_999)).toBe(8000);
    expect(await b.waitMs('b', 60_000)).toBe(0);
    await b.fail('b', 60_000);
    expect(await b.waitMs('b', 60_000)).toBe(0); // starts over: one failure is free
    await b.reset('a');
    expect(await b.waitMs('a', 60_000)).toBe(0);
  });

  it('keeps keys and scopes apart', async () => {
    const b = createBackoff('test', opts);
    const other = createBackoff('other', opts);
    for (let i = 0; i < 4; i++) await b.fail('x', 0);
    expect(await b.waitMs('x', 0)).toBe(2000);
    expect(await b.waitMs('y', 0)).toBe(0);
    expect(await other.waitMs('x', 0)).toBe(0);
    await other.reset('x');
    expect(await b.waitMs('x', 0)).toBe(2000);
  });

  it('deletes the rows of keys quiet for longer than the scope forgets, on its next failure', async () => {
    const b = createBackoff('test', opts);
    const other = createBackoff('other', { ...opts, forgetMs: 600_000 });
    await b.fail('old', 0);
    await other.fail('old', 0);
    await b.fail('recent', 30_000);
    await b.fail('new', 60_000);
    const rows = await db().select().from(schema.failureCounts);
    expect(rows.map((r) => `${r.scope}:${r.key}`).sort()).toEqual(['other:old', 'test:new', 'test:recent']);
  });

  it('a new limiter (a restart, another instance) sees the failures counted before', async () => {
    for (let i = 0; i < 4; i++) await createBackoff('test', opts).fail('k', 0);
    expect(await createBackoff('test', opts).waitMs('k', 0)).toBe(2000);
  });
});
