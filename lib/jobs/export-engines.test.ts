import fs from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { deliveryValues } from '@/lib/data/deliveries';
import { db } from '@/lib/data/engine';
import { claimJob } from '@/lib/data/job-leases';
import { addJobProgress, createJob, getJob } from '@/lib/data/jobs';
import { addTestIntegration, ENGINES, testOnEngine, tempDataDir } from '@/lib/data/test-helpers';
import { hasUploadChunks } from '@/lib/data/upload-chunks';
import { filtersFromSearchParams } from '@/lib/validations/delivery';
import { startExport } from './export';
import { EXPORT_KEEP_MS, exportDownload, sweepExportFiles, type ExportParams } from './export-files';
import { openExportOutput } from './export-output';
import { handOverJobs, runJob } from './runner';
import './kinds';

const exportsDir = path.join(tempDataDir('export-engines-'), 'exports');
const OWNER = 7;
const actor = { id: OWNER, audit: { id: OWNER, label: 'owner@example.com' } };
const ROWS = 2300; // three pages of 1000 and the header: several chunks on PostgreSQL

function purchases() {
  const parsed = filtersFromSearchParams(new URLSearchParams('type=PURCHASE'));
  if (!parsed.success) throw parsed.error;
  const { cursor: _c, limit: _l, ...f } = parsed.data;
  return f;
}

async function finished(id: number) {
  await expect
    .poll(async () => (await getJob(id)).status, { timeout: 10_000 })
    .not.toMatch(/^(pending|running)$/);
  return getJob(id);
}

/** The downloaded bytes as text (a CSV's byte order mark kept). */
async function download(id: number, now?: number): Promise<string> {
  return (await buffer((await exportDownload(id, OWNER, now)).open())).toString('utf8');
}

const files = () => (fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : []);

describe.each(ENGINES)('export files on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    fs.rmSync(exportsDir, { recursive: true, force: true });
    const shop = { id: await addTestIntegration({ name: 'Shop' }), name: 'Shop' };
    // In statements of 500 rows: one at a time takes PostgreSQL's triggers many seconds.
    const rows = Array.from({ length: ROWS }, (_, i) =>
      deliveryValues({
        integration: shop,
        source: 'api',
        operation: 'add',
        event: { type: 'PURCHASE', email: `buyer${i}@example.com`, externalId: `ord-${i}`, value: i },
      }),
    );
    for (let at = 0; at < ROWS; at += 500)
      await db()
        .insert(schema.deliveries)
        .values(rows.slice(at, at + 500));
  }, PG_TEST_TIMEOUT);
  afterEach(() => handOverJobs(2000));

  it('streams the finished file from its store: the database on PostgreSQL, DATA_DIR on SQLite', async () => {
    const job = await finished((await startExport(actor, purchases(), 'csv')).id);
    expect(job.status).toBe('succeeded');
    const { bytes } = await exportDownload(job.id, OWNER);
    const csv = await download(job.id);
    expect(Buffer.byteLength(csv)).toBe(bytes);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[1]).toContain(`buyer${ROWS - 1}@example.com`);
    if (kind === 'pg') {
      // Any instance can serve it: nothing on this one's disk.
      expect(files()).toEqual([]);
      expect((job.params as ExportParams).chunks).toBe(4);
    } else expect(files()).toEqual([`export-${job.id}.csv`]);
  });

  it('an export whose instance died is resumed by another from its last recorded page, into the same file', async () => {
    const whole = await download((await finished((await startExport(actor, purchases(), 'jsonl')).id)).id);
    const lines = whole.split('\n');
    const maxId = (JSON.parse(lines[0]!) as { id: number }).id;
    const params: ExportParams = { filters: purchases(), format: 'jsonl', maxId };
    const job = await createJob({ kind: 'export', params, total: ROWS, createdBy: OWNER });
    // Instance "dead" wrote the (empty) preamble and the first page, recorded them, then died.
    await claimJob(job.id, 'dead', Date.now() - 60_000, 30_000);
    const record = (rows: number) => (p: ExportParams) =>
      addJobProgress(job.id, { processed: rows, ok: rows, params: p }, 'dead');
    const out = await openExportOutput(job.id, params);
    const started = await out.append(Buffer.from(''), params, record(0));
    const lastId = (JSON.parse(lines[999]!) as { id: number }).id;
    await out.append(
      Buffer.from(lines.slice(0, 1000).join('\n') + '\n'),
      { ...started, before: lastId },
      record(1000),
    );
    out.close();

    expect(await runJob(job.id)).toBe(true); // its lease expired a while ago
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', processed: ROWS });
    expect(await download(job.id)).toBe(whole);
  });

  it('keeps a file 24 hours, then the sweep deletes it from its store', async () => {
    const job = await finished((await startExport(actor, purchases(), 'csv')).id);
    const now = job.finishedAt!;
    await sweepExportFiles(now + EXPORT_KEEP_MS - 1);
    expect(await download(job.id, now + EXPORT_KEEP_MS - 1)).toContain('buyer0@example.com');
    await sweepExportFiles(now + EXPORT_KEEP_MS);
    await expect(exportDownload(job.id, OWNER, now)).rejects.toThrow(/24 hours/);
    expect(await hasUploadChunks(job.id)).toBe(false);
    expect(files()).toEqual([]);
  });

  it('a download the sweep overtakes completes (SQLite) or fails (PostgreSQL), never ends early', async () => {
    const job = await finished((await startExport(actor, purchases(), 'csv')).id);
    const now = job.finishedAt!;
    // Started a moment before the 24 hours are over; the hourly sweep deletes the file while it streams.
    const { open, bytes } = await exportDownload(job.id, OWNER, now + EXPORT_KEEP_MS - 1);
    const stream = open();
    const first = await new Promise<Buffer>((resolve) =>
      stream.once('data', (piece: Buffer) => {
        stream.pause();
        resolve(piece);
      }),
    );
    await sweepExportFiles(now + EXPORT_KEEP_MS);
    const rest = buffer(stream);
    if (kind === 'pg') {
      // Its chunks are gone: the stream fails (the response is cut off before its Content-Length).
      await expect(rest).rejects.toThrow(/deleted while it was read/);
      expect(await hasUploadChunks(job.id)).toBe(false);
    } else {
      // An open file outlives its name on disk: the download ends whole.
      expect(Buffer.concat([first, await rest]).length).toBe(bytes);
    }
  });
});
