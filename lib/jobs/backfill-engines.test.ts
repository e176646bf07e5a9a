import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { claimBackfillStart, createBackfillUpload, getBackfill } from '@/lib/backfill/lifecycle';
import { uploadsDir } from '@/lib/backfill/upload';
import { reloadConfig } from '@/lib/config';
import { db } from '@/lib/data/engine';
import { claimJob } from '@/lib/data/job-leases';
import { addJobProgress, getJob, markJobRunning } from '@/lib/data/jobs';
import { addTestIntegration, ENGINES, testOnEngine } from '@/lib/data/test-helpers';
import { runBackfill } from './backfill';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-engines-'));
beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  reloadConfig();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const mapping = {
  email: { column: 'email' },
  externalId: { column: 'order' },
  date: { column: 'date' },
  type: { constant: 'PURCHASE' },
};
const options = { delimiter: ',', header: true, timeZone: 'UTC', decimal: 'dot' } as const;

function orders(n: number): Buffer {
  const rows = Array.from({ length: n }, (_, i) => `a${i + 1}@example.com,A-${i + 1},2025-03-14`);
  return Buffer.from(`email,order,date\n${rows.join('\n')}\n`);
}

describe.each(ENGINES)('a backfill upload on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  let integrationId: number;
  beforeEach(async () => {
    fs.rmSync(uploadsDir(), { recursive: true, force: true });
    integrationId = await addTestIntegration();
  });

  it('is imported by a run that resumes after a crash, and its file is gone at the end', async () => {
    const view = await createBackfillUpload(
      { integrationId, filename: 'orders.csv' },
      Readable.from([orders(700)]),
      { createdBy: null },
    );
    await claimBackfillStart(view.id, { mapping, options });
    await addJobProgress(view.id, { processed: 500, ok: 500 });
    await markJobRunning(view.id);
    // On PostgreSQL the run may be another instance's, which has none of this one's disk.
    if (kind === 'pg') fs.rmSync(uploadsDir(), { recursive: true, force: true });
    // That run holds the job's lease, as the runner's claim gives it (its progress writes are fenced).
    await claimJob(view.id, 'test', Date.now(), 60_000);
    await runBackfill({
      job: await getJob(view.id),
      cancelled: async () => false,
      owner: 'test',
      leaseLost: () => false,
    });
    const rows = await db().select().from(schema.deliveries).orderBy(schema.deliveries.id);
    expect(rows.map((r) => r.externalId)).toEqual(Array.from({ length: 200 }, (_, i) => `A-${501 + i}`));
    expect(await getBackfill(view.id)).toMatchObject({ processed: 700, imported: 700 });
    expect(await db().select().from(schema.uploadChunks)).toEqual([]);
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []).toEqual([]);
  });
});
