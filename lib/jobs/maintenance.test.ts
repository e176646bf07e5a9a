import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { LOGIN_BACKOFF } from '@/lib/auth/login-limit';
import { reloadConfig } from '@/lib/config';
import { db } from '@/lib/data/engine';
import { addFailure } from '@/lib/data/failure-counts';
import { ENGINES, testOnEngine } from '@/lib/data/test-helpers';
import { FAILURES_KEPT_MS, maintenanceTick } from './maintenance';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maintenance-test-'));
beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  reloadConfig();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.each(ENGINES)('the hourly maintenance on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('deletes failure counts quiet for a day, of every scope, and keeps the others', async () => {
    const now = Date.UTC(2026, 0, 2);
    // A retention run started just now: this tick starts none.
    await db()
      .insert(schema.jobs)
      .values({ kind: 'retention', status: 'succeeded', params: {}, createdAt: now });
    // Written with a long memory, so counting them deletes none of them.
    await addFailure('device', 'quiet', now - FAILURES_KEPT_MS - 1, 10 * FAILURES_KEPT_MS);
    await addFailure('address', 'quiet', now - FAILURES_KEPT_MS - 1, 10 * FAILURES_KEPT_MS);
    await addFailure('address', 'recent', now - 60_000, 10 * FAILURES_KEPT_MS);
    await maintenanceTick(now);
    const left = await db().select().from(schema.failureCounts);
    expect(left.map((r) => `${r.scope}:${r.key}`)).toEqual(['address:recent']);
  });
});

it('keeps failure counts longer than any sign-in limit remembers them', () => {
  for (const opts of Object.values(LOGIN_BACKOFF)) expect(FAILURES_KEPT_MS).toBeGreaterThan(opts.forgetMs);
});
