import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openDb, schema, setDbForTests, type Db } from '@/db';
import { uploadsDir } from '@/lib/backfill/upload';
import { reloadConfig } from '@/lib/config';
import {
  cancelBackfill,
  claimBackfillStart,
  createBackfillUpload,
  discardBackfill,
  getBackfill,
  previewBackfill,
} from '@/lib/backfill/lifecycle';
import { claimJob } from '@/lib/data/job-leases';
import { addJobProgress, getJob, markJobRunning } from '@/lib/data/jobs';
import { insertTestIntegration } from '@/lib/data/test-helpers';
import { AppError } from '@/lib/errors';
import type { BackfillOptionsInput } from '@/lib/validations/backfill';
import { runBackfill, startBackfill } from './backfill';
import { runJob } from './runner';

let db: Db;
let integrationId: number;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-test-'));

beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  db = openDb(':memory:');
  setDbForTests(db);
  integrationId = insertTestIntegration(db, { collectorKey: 'ck_backfill_test' });
});

afterAll(() => {
  setDbForTests(undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  db.delete(schema.deliveries).run();
  db.delete(schema.jobs).run();
  fs.rmSync(uploadsDir(), { recursive: true, force: true });
});

const upload = (text: string | Buffer, id = integrationId) =>
  createBackfillUpload({ integrationId: id, filename: 'orders.csv' }, Readable.from([Buffer.from(text)]), {
    createdBy: null,
  });

const options: BackfillOptionsInput = {
  delimiter: ';',
  header: true,
  timeZone: 'Europe/Warsaw',
  decimal: 'comma',
};
const mapping = {
  email: { column: 'E-mail' },
  externalId: { column: 'Order number' },
  value: { column: 'Total' },
  date: { column: 'Date' },
  type: { constant: 'PURCHASE' },
};

function orders(n: number, from = 1): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `a${i + from}@example.com;A-${i + from};10,50;2025-03-14 09:30`,
  );
  return `\uFEFFE-mail;Order number;Total;Date\r\n${rows.join('\r\n')}\r\n`;
}

function deliveries() {
  return db.select().from(schema.deliveries).orderBy(schema.deliveries.id).all();
}

async function finished(id: number) {
  await expect
    .poll(async () => (await getJob(id)).status, { timeout: 10_000 })
    .not.toMatch(/pending|running/);
  return await getBackfill(id);
}

/** A handler's context outside the runner: this process holds the job's lease throughout. */
const mine = { owner: 'test', leaseLost: () => false };

/** Runs the import as the runner would here: holding the job's lease (its progress writes are fenced by it). */
async function runHere(id: number, cancelled: () => Promise<boolean> = async () => false) {
  await claimJob(id, mine.owner, Date.now(), 60_000);
  return runBackfill({ job: await getJob(id), cancelled, ...mine });
}
const filesLeft = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []);

describe('upload', () => {
  it('keeps the file on disk and records a pending job with its shape and suggested mapping', async () => {
    const view = await upload(orders(3));
    expect(view).toMatchObject({
      status: 'pending',
      rows: 3,
      filename: 'orders.csv',
      integrationName: 'Shop',
      plan: null,
    });
    expect(view.shape).toMatchObject({
      delimiter: ';',
      header: true,
      columns: ['E-mail', 'Order number', 'Total', 'Date'],
    });
    expect(view.suggested).toMatchObject({ mapping, decimal: 'comma', dayMonthOrder: 'unset' });
    expect(filesLeft()).toEqual([`${view.id}.csv`]);
    expect(JSON.stringify((await getJob(view.id)).params)).not.toContain('a1@example.com');
  });

  it('keeps no row of a file without a header in the database', async () => {
    const view = await upload('a@example.com,2025-03-14,10\nb@example.com,2025-03-15,12\n');
    expect(view.shape).toMatchObject({
      header: false,
      firstRow: [],
      columns: ['Column 1', 'Column 2', 'Column 3'],
    });
    expect(view.rows).toBe(2);
    expect(JSON.stringify((await getJob(view.id)).params)).not.toContain('@example.com');
  });

  it('refuses bad uploads with a 4xx and leaves no job and no file', async () => {
    process.env.BACKFILL_MAX_BYTES = '200';
    reloadConfig();
    const cases: Array<[string, () => Promise<unknown>, number]> = [
      ['unknown integration', () => upload(orders(1), 9999), 422],
      ['empty', () => upload(''), 400],
      ['binary', () => upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2])), 422],
      ['not UTF-8', () => upload(Buffer.from('email\nb\xf3r@example.com\n', 'latin1')), 422],
      ['header only', () => upload('email;total\n'), 422],
      ['broken quote', () => upload('email;note\na@example.com;"open\n'), 422],
      ['too big', () => upload(orders(20)), 413],
    ];
    for (const [what, attempt, status] of cases) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(AppError);
      expect((err as AppError).status, what).toBe(status);
    }
    delete process.env.BACKFILL_MAX_BYTES;
    reloadConfig();
    expect(db.select().from(schema.jobs).all()).toEqual([]);
    expect(filesLeft()).toEqual([]);
  });
});

describe('preview', () => {
  it('converts the first rows, counts the whole file, and flags orders already sent', async () => {
    db.insert(schema.deliveries)
      .values(
        ['succeeded', 'failed'].map((status, i) => ({
          integrationId,
          integrationName: 'Shop',
          source: 'composer' as const,
          type: 'PURCHASE',
          contact: 'x@example.com',
          externalId: i === 0 ? 'A-1' : 'A-2',
          eventDate: 1,
          event: {},
          status: status as 'succeeded' | 'failed',
          updatedAt: 1,
        })),
      )
      .run();
    const text = `${orders(4).trimEnd()}\r\nnot-an-email;A-9;1.5;yesterday\r\na3@example.com;A-3;1;2025-03-15\r\n`;
    const view = await upload(text);
    const preview = await previewBackfill(view.id, { mapping, options });
    expect(preview.counts).toEqual({ rows: 6, valid: 3, invalid: 1, duplicates: 2 });
    expect(preview.rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'duplicate'],
      [3, 'valid'],
      [4, 'valid'],
      [5, 'valid'],
      [6, 'invalid'],
      [7, 'duplicate'],
    ]);
    expect(preview.rows[1]!.event).toMatchObject({
      email: 'a2@example.com',
      value: 10.5,
      date: Date.parse('2025-03-14T08:30:00Z'),
    });
    expect(preview.problems.map((p) => p.line)).toEqual([2, 6, 7]);
    expect(preview.problems[0]!.message).toMatch(/already sent to this integration \(delivery #\d+\)/);
    expect(preview.problems[2]!.message).toContain('already on line 4 of this file');
    expect(Object.keys(preview.rows[4]!.errors!).sort()).toEqual(['date', 'email', 'value']);

    const anyway = await previewBackfill(view.id, {
      mapping,
      options: { ...options, importDuplicates: true },
    });
    expect(anyway.counts).toMatchObject({ valid: 5, duplicates: 0 });
    expect(deliveries()).toHaveLength(2);
    expect(await getBackfill(view.id)).toMatchObject({ status: 'pending', processed: 0 });
  });

  it('previews an unfinished mapping, naming mapped columns the file lacks; starting refuses both', async () => {
    const view = await upload(orders(1));
    const preview = await previewBackfill(view.id, {
      mapping: { email: { column: 'Mail' }, date: { column: 'Date' } },
      options,
    });
    expect(preview.mappingErrors).toEqual({ email: 'Email: the file has no column "Mail".' });
    expect(preview.counts).toMatchObject({ rows: 1, invalid: 1 });
    expect(preview.rows[0]!.errors).toMatchObject({
      type: [expect.any(String)],
      email: [expect.any(String)],
    });
    await expect(
      startBackfill(view.id, { mapping: { ...mapping, email: { column: 'Mail' } }, options }),
    ).rejects.toMatchObject({
      status: 422,
      fieldErrors: { 'mapping.email': [expect.stringContaining('"Mail"')] },
    });
    await expect(
      startBackfill(view.id, { mapping: { email: { column: 'E-mail' } }, options }),
    ).rejects.toMatchObject({
      status: 422,
      fieldErrors: { 'mapping.type': [expect.any(String)], 'mapping.date': [expect.any(String)] },
    });
    expect(await getBackfill(view.id)).toMatchObject({ status: 'pending', plan: null });
  });
});

describe('import', () => {
  it('writes valid rows as queued backfill deliveries with their CSV date, reports the rest, and starts only once', async () => {
    const view = await upload(`${orders(3).trimEnd()}\r\nbad;A-7;1;2025-03-14\r\n`);
    await startBackfill(view.id, { mapping, options });
    const done = await finished(view.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      rows: 4,
      processed: 4,
      imported: 3,
      invalid: 1,
      duplicates: 0,
    });
    expect(done.problems).toEqual([
      { line: 5, message: expect.stringContaining('"bad" is not a valid email address') },
    ]);
    expect(done.message).toBe('3 rows imported, 1 row with errors skipped.');
    expect(done.deliveries).toMatchObject({ queued: 3 });
    const rows = deliveries();
    expect(rows.map((d) => [d.source, d.status, d.externalId, d.eventDate])).toEqual(
      [1, 2, 3].map((i) => ['backfill', 'queued', `A-${i}`, Date.parse('2025-03-14T08:30:00Z')]),
    );
    expect(filesLeft()).toEqual([]);
    await expect(startBackfill(view.id, { mapping, options })).rejects.toMatchObject({ status: 409 });
  });

  it('skips orders the integration already has, unless told to import duplicates', async () => {
    const first = await upload(orders(2));
    await startBackfill(first.id, { mapping, options });
    await finished(first.id);
    const again = await upload(orders(3));
    await startBackfill(again.id, { mapping, options });
    const done = await finished(again.id);
    expect(done).toMatchObject({ imported: 1, duplicates: 2, invalid: 0 });
    expect(done.problems[0]).toMatchObject({ line: 2, deliveryId: deliveries()[0]!.id });
    const forced = await upload(orders(1));
    await startBackfill(forced.id, { mapping, options: { ...options, importDuplicates: true } });
    expect(await finished(forced.id)).toMatchObject({ imported: 1, duplicates: 0 });
  });

  it('resumes after the rows a previous run wrote', async () => {
    const view = await upload(orders(1200));
    await claimBackfillStart(view.id, { mapping, options });
    // As if a run wrote the first 700 rows (with their progress, in the same transactions) and then died.
    await addJobProgress(view.id, { processed: 700, ok: 700 });
    await markJobRunning(view.id);
    await runHere(view.id);
    const rows = deliveries();
    expect(rows).toHaveLength(500);
    expect(rows[0]!.externalId).toBe('A-701');
    expect(await getBackfill(view.id)).toMatchObject({ processed: 1200, imported: 1200 });
  });

  it('stops between chunks when cancelled and removes the file', async () => {
    const view = await upload(orders(1200));
    await claimBackfillStart(view.id, { mapping, options });
    await markJobRunning(view.id);
    let checks = 0;
    const result = await runHere(view.id, async () => ++checks > 1);
    expect(deliveries()).toHaveLength(1000);
    expect(result.message).toBe('Cancelled after 1,000 rows of 1,200: 1,000 rows imported.');
    expect(filesLeft()).toEqual([]);
  });

  it('counts the rows first when the separator was changed from the detected one', async () => {
    const view = await upload('email,date\na@example.com,2025-03-14\n');
    // The person says the separator is a semicolon: one column named "email,date".
    await claimBackfillStart(view.id, {
      mapping: {
        email: { column: 'email,date' },
        date: { constant: '2025-03-14' },
        type: { constant: 'VISIT' },
      },
      options: { ...options, decimal: 'dot' },
    });
    expect((await getBackfill(view.id)).totalKnown).toBe(false);
    await markJobRunning(view.id);
    await runHere(view.id);
    expect(await getBackfill(view.id)).toMatchObject({ rows: 1, processed: 1, invalid: 1 });
  });
});

describe('after a restart', () => {
  it('an upload still waiting for its mapping goes back to waiting, then imports once started', async () => {
    const view = await upload(orders(3));
    await runJob(view.id); // what resumeJobs() does on start with every pending job
    await expect.poll(async () => (await getJob(view.id)).status).toBe('pending');
    expect((await getJob(view.id)).startedAt).toBeNull();
    await claimBackfillStart(view.id, { mapping, options });
    await runJob(view.id); // the start route's call: the waiting job is already the one that will run
    expect(await finished(view.id)).toMatchObject({ status: 'succeeded', imported: 3 });
    expect(deliveries()).toHaveLength(3);
  });

  it('a waiting upload closed by the person ends cancelled, with nothing sent', async () => {
    const view = await upload(orders(2));
    await runJob(view.id);
    await expect.poll(async () => (await getJob(view.id)).status).toBe('pending');
    await cancelBackfill(view.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await getBackfill(view.id)).toMatchObject({
      status: 'cancelled',
      message: expect.stringContaining('nothing was sent'),
    });
    expect(deliveries()).toEqual([]);
  });
});

describe('cancel and discard', () => {
  it('closes an upload never started, and discards only what never started', async () => {
    const a = await upload(orders(1));
    expect(await cancelBackfill(a.id)).toMatchObject({ status: 'cancelled' });
    const b = await upload(orders(1));
    await discardBackfill(b.id);
    await expect(getBackfill(b.id)).rejects.toThrow(/does not exist/);
    expect(filesLeft()).toEqual([]);
    const c = await upload(orders(1));
    await startBackfill(c.id, { mapping, options });
    await finished(c.id);
    await expect(discardBackfill(c.id)).rejects.toThrow(/already started/);
    await expect(cancelBackfill(c.id)).rejects.toThrow(/already finished/);
  });
});
