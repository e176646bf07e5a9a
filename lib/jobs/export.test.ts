import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDb, setDbForTests, type Db } from '@/db';
import { reloadConfig } from '@/lib/config';
import { insertDelivery } from '@/lib/data/deliveries';
import { withTransaction } from '@/lib/data/engine';
import { addJobProgress, createJob, getJob, listJobs, requestJobCancel } from '@/lib/data/jobs';
import { insertTestIntegration, tempDbFiles } from '@/lib/data/test-helpers';
import { filtersFromSearchParams } from '@/lib/validations/delivery';
import type { ExportFormat } from '@/lib/validations/export';
import { startExport } from './export';
import { EXPORT_KEEP_MS, exportDownload, exportFile, sweepExportFiles } from './export-files';
import { maintenanceTick } from './maintenance';
import { runJob } from './runner';
import './kinds';

const file = tempDbFiles('export-')('console.db');
const dataDir = path.dirname(file);
const exportsDir = path.join(dataDir, 'exports');
const OWNER = 7;
const actor = { id: OWNER, audit: { id: OWNER, label: 'owner@example.com' } };
const PURCHASES = 2500;
let db: Db;

function filters(query: string) {
  const parsed = filtersFromSearchParams(new URLSearchParams(query));
  if (!parsed.success) throw parsed.error;
  const { cursor: _c, limit: _l, ...f } = parsed.data;
  return f;
}

async function finished(id: number) {
  for (let i = 0; i < 1000; i++) {
    const job = await getJob(id);
    if (!['pending', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('job did not finish');
}

async function exported(query: string, format: ExportFormat) {
  const job = await finished((await startExport(actor, filters(query), format)).id);
  expect(job.status).toBe('succeeded');
  return { job, text: fs.readFileSync(exportFile(job.id, format), 'utf8') };
}

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  reloadConfig();
  db = openDb(file);
  setDbForTests(db);
  const shop = { id: insertTestIntegration(db, { name: 'Shop' }), name: 'Shop' };
  await withTransaction(async () => {
    for (let i = 0; i < PURCHASES; i++)
      await insertDelivery({
        integration: shop,
        source: 'api',
        operation: 'add',
        event: { type: 'PURCHASE', email: `buyer${i}@example.com`, externalId: `ord-${i}`, value: i },
      });
    for (let i = 0; i < 3; i++)
      await insertDelivery({
        integration: shop,
        source: 'website',
        operation: 'add',
        event: { type: 'VISIT', email: `visitor${i}@example.com`, description: '=HYPERLINK("x")' },
      });
  });
});
afterAll(() => {
  db.$client.close();
  delete process.env.DATA_DIR;
  reloadConfig();
});

describe('export jobs', () => {
  it('writes every match as JSON Lines, newest first, with the history filters applied', async () => {
    const { job, text } = await exported('type=PURCHASE', 'jsonl');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(PURCHASES);
    expect(job).toMatchObject({ total: PURCHASES, processed: PURCHASES });
    expect(lines.every((l) => l.type === 'PURCHASE')).toBe(true);
    expect(lines[0]).toMatchObject({ contact: `buyer${PURCHASES - 1}@example.com`, status: 'queued' });
    const ids = lines.map((l) => l.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Only the event and its outcome: no stored request, so nothing near a credential.
    expect(Object.keys(lines[0]!)).not.toContain('request');
    expect(fs.readdirSync(exportsDir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('writes CSV with its header, and search narrows it like the history', async () => {
    const { text } = await exported('q=visitor1%40example', 'csv');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '\ufeffid,created_at,integration,source,type,contact,external_id,value,products,status,reason,salesmanago_message,salesmanago_event_id,http_status,duration_ms,attempts,possible_duplicate,page_url,origin',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('visitor1@example.com');
  });

  it('starts no job and writes nothing for a filter that matches nothing', async () => {
    const jobsBefore = (await listJobs('export', 1000)).length;
    const filesBefore = fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir).length : 0;
    await expect(startExport(actor, filters('type=RETURN'), 'csv')).rejects.toThrow(
      expect.objectContaining({ status: 422, message: expect.stringMatching(/nothing to export/i) }),
    );
    expect(await listJobs('export', 1000)).toHaveLength(jobsBefore);
    expect(fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir).length : 0).toBe(filesBefore);
  });

  it('resumes after a kill: cuts the file back to the last recorded page and writes the same file', async () => {
    const { text: whole } = await exported('type=PURCHASE', 'jsonl');
    const lines = whole.split('\n');
    const firstPage = lines.slice(0, 1000).join('\n') + '\n';
    const lastId = (JSON.parse(lines[999]!) as { id: number }).id;
    const maxId = (JSON.parse(lines[0]!) as { id: number }).id;
    const job = await createJob({
      kind: 'export',
      params: { filters: filters('type=PURCHASE'), format: 'jsonl', maxId },
      total: PURCHASES,
      createdBy: OWNER,
    });
    await addJobProgress(job.id, {
      processed: 1000,
      ok: 1000,
      params: {
        filters: filters('type=PURCHASE'),
        format: 'jsonl',
        maxId,
        before: lastId,
        bytes: Buffer.byteLength(firstPage),
      },
    });
    // The killed process had appended a further page it never recorded.
    fs.writeFileSync(
      exportFile(job.id, 'jsonl', true),
      firstPage + lines.slice(1000, 1400).join('\n') + '\n',
    );
    await runJob(job.id);
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', processed: PURCHASES });
    expect(fs.readFileSync(exportFile(job.id, 'jsonl'), 'utf8')).toBe(whole);
  });

  it('deletes the unfinished file on cancel, and serves no file', async () => {
    const job = await createJob({
      kind: 'export',
      params: { filters: filters(''), format: 'csv', maxId: 1_000_000 },
      total: PURCHASES + 3,
      createdBy: OWNER,
    });
    await requestJobCancel(job.id, 'export');
    await runJob(job.id);
    expect((await finished(job.id)).status).toBe('cancelled');
    expect(fs.existsSync(exportFile(job.id, 'csv', true))).toBe(false);
    expect(fs.existsSync(exportFile(job.id, 'csv'))).toBe(false);
    await expect(exportDownload(job.id, OWNER)).rejects.toThrow(expect.objectContaining({ status: 404 }));
  });

  it('serves a file to the person who asked only, for 24 hours, and the sweep deletes it after', async () => {
    const { job } = await exported('type=VISIT', 'csv');
    const now = job.finishedAt!;
    expect(await exportDownload(job.id, OWNER, now)).toMatchObject({
      format: 'csv',
      filename: expect.stringMatching(/^deliveries-.*\.csv$/),
    });
    for (const other of [OWNER + 1, null])
      await expect(exportDownload(job.id, other, now)).rejects.toThrow(
        expect.objectContaining({ status: 404 }),
      );
    await expect(exportDownload(999_999, OWNER, now)).rejects.toThrow(
      expect.objectContaining({ status: 404 }),
    );

    await sweepExportFiles(now + EXPORT_KEEP_MS - 1);
    expect(fs.existsSync(exportFile(job.id, 'csv'))).toBe(true);
    await expect(exportDownload(job.id, OWNER, now + EXPORT_KEEP_MS)).rejects.toThrow(/24 hours/);
    // The hourly maintenance tick (lib/jobs/timers.ts) is what deletes it in the console.
    await maintenanceTick(now + EXPORT_KEEP_MS);
    expect(fs.existsSync(exportFile(job.id, 'csv'))).toBe(false);
    for (const run of await listJobs('retention')) await finished(run.id);
  });

  it('the sweep also deletes files of jobs that failed, were cancelled late or no longer exist', async () => {
    fs.mkdirSync(exportsDir, { recursive: true });
    const stray = path.join(exportsDir, 'export-424242.csv');
    fs.writeFileSync(stray, 'x');
    const unrelated = path.join(exportsDir, 'README.txt');
    fs.writeFileSync(unrelated, 'kept');
    await sweepExportFiles();
    expect(fs.existsSync(stray)).toBe(false);
    expect(fs.existsSync(unrelated)).toBe(true);
  });
});
