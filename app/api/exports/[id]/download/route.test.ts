import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { createJob, finishJob } from '@/lib/data/jobs';
import { ENGINES, testOnEngine, tempDataDir } from '@/lib/data/test-helpers';
import { createToken } from '@/lib/data/tokens';
import type { ExportParams } from '@/lib/jobs/export-files';
import { openExportOutput } from '@/lib/jobs/export-output';
import { GET } from './route';

// Where the job would write on SQLite.
tempDataDir('export-download-');

const OWNER = 3;
// Bigger than one streamed piece (64 KB), with bytes outside ASCII, in two stored pages.
const PAGES = ['\ufeffid,contact\r\n', `1,${'zażółć '.repeat(12_000)}\r\n`];

/** A finished export of `OWNER`'s, written the way the job writes it. */
async function finishedExport(): Promise<number> {
  const params: ExportParams = { filters: {}, format: 'csv', maxId: 1 };
  const job = await createJob({ kind: 'export', params, total: 1, createdBy: OWNER });
  const out = await openExportOutput(job.id, params);
  let stored = params;
  for (const page of PAGES) stored = await out.append(Buffer.from(page), stored, async () => {});
  await out.finish();
  await finishJob(job.id, 'succeeded');
  return job.id;
}

const get = (id: number, token: string) =>
  GET(
    new Request(`http://localhost/api/exports/${id}/download`, {
      headers: { authorization: `Bearer ${token}` },
    }),
    {
      params: Promise.resolve({ id: String(id) }),
    },
  );

describe.each(ENGINES)('GET /api/exports/[id]/download on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('streams the whole file from its store to the person who started it, and 404 to anyone else', async () => {
    const id = await finishedExport();
    const mine = await createToken({ name: 'Mine', role: 'viewer' }, OWNER);
    const res = await get(id, mine.token);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString('utf8')).toBe(PAGES.join(''));
    expect(res.headers.get('content-length')).toBe(String(body.length));
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="deliveries-.*\.csv"$/);

    const someoneElse = await createToken({ name: 'Theirs', role: 'admin' }, OWNER + 1);
    expect((await get(id, someoneElse.token)).status).toBe(404);
  });
});
