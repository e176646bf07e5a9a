import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { reloadConfig } from '@/lib/config';
import { db } from '@/lib/data/engine';
import { addTestBackfillJob, ENGINES, testOnEngine } from '@/lib/data/test-helpers';
import { ConflictError } from '@/lib/errors';
import { assertUploadExists, deleteUpload, openUpload, storeUpload, uploadsDir } from './upload';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-test-'));
beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  reloadConfig();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A file of `bytes` bytes whose every position is recognisable, so order and completeness both show. */
function received(bytes: number): { file: string; content: Buffer } {
  const content = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) content[i] = 32 + ((i * 7 + (i >> 10)) % 90);
  fs.mkdirSync(uploadsDir(), { recursive: true });
  const file = path.join(uploadsDir(), `.incoming-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, content);
  return { file, content };
}

async function readAll(id: number): Promise<{ content: Buffer; largestRead: number }> {
  const parts: Buffer[] = [];
  for await (const part of openUpload(id)) parts.push(part as Buffer);
  return { content: Buffer.concat(parts), largestRead: Math.max(...parts.map((p) => p.length)) };
}

describe.each(ENGINES)('a stored upload on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  let jobId: number;
  beforeEach(async () => {
    fs.rmSync(uploadsDir(), { recursive: true, force: true });
    jobId = await addTestBackfillJob();
  });

  it('reads back byte for byte, in small reads, from a file larger than a stored chunk', async () => {
    const { file, content } = received(2.5 * 1024 * 1024 + 17);
    await storeUpload(file, jobId);
    expect(fs.existsSync(file)).toBe(false);
    await assertUploadExists(jobId);
    const read = await readAll(jobId);
    expect(read.content.equals(content)).toBe(true);
    expect(read.largestRead).toBeLessThanOrEqual(16 * 1024);
  });

  it(`is ${kind === 'pg' ? 'in the database, so another instance without this disk reads it' : 'a file in DATA_DIR/uploads'}`, async () => {
    const { file, content } = received(100_000);
    await storeUpload(file, jobId);
    if (kind === 'pg') {
      // Another machine: nothing of this one's disk.
      fs.rmSync(uploadsDir(), { recursive: true, force: true });
      expect((await db().select().from(schema.uploadChunks)).length).toBe(1);
    } else {
      expect(fs.readdirSync(uploadsDir())).toEqual([`${jobId}.csv`]);
    }
    expect((await readAll(jobId)).content.equals(content)).toBe(true);
  });

  it('is gone once deleted', async () => {
    const { file } = received(3 * 1024 * 1024);
    await storeUpload(file, jobId);
    await deleteUpload(jobId);
    await expect(assertUploadExists(jobId)).rejects.toThrow(ConflictError);
    expect(await db().select().from(schema.uploadChunks)).toEqual([]);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
  });

  it("goes with its job's row", async () => {
    const { file } = received(1.5 * 1024 * 1024);
    await storeUpload(file, jobId);
    await db().delete(schema.jobs);
    expect(await db().select().from(schema.uploadChunks)).toEqual([]);
  });
});
