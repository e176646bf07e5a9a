import { beforeEach, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { createJob, finishJob } from './jobs';
import { addTestBackfillJob, ENGINES, testOnEngine } from './test-helpers';
import {
  appendUploadChunk,
  deleteEndedExportChunks,
  deleteUploadChunks,
  hasUploadChunks,
  readUploadChunk,
  readUploadChunks,
  storeUploadChunks,
  uploadChunksBytes,
} from './upload-chunks';

async function readAll(jobId: number, pieceBytes: number): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of readUploadChunks(jobId, pieceBytes)) pieces.push(piece.toString());
  return pieces;
}

async function* chunks(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

describe.each(ENGINES)('upload chunks on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  let jobId: number;
  beforeEach(async () => {
    jobId = await addTestBackfillJob();
  });

  it('keeps the chunks in the order written, as bytes', async () => {
    await storeUploadChunks(jobId, chunks('a;b\r\n', '1;2\r\n', '\u00e9;\u0000'));
    const read = [0, 1, 2, 3].map((seq) => readUploadChunk(jobId, seq));
    expect((await Promise.all(read)).map((b) => b?.toString())).toEqual([
      'a;b\r\n',
      '1;2\r\n',
      '\u00e9;\u0000',
      undefined,
    ]);
    expect(Buffer.isBuffer(await readUploadChunk(jobId, 0))).toBe(true);
  });

  it('stores nothing when the source fails part way', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('first');
      throw new Error('the disk went away');
    }
    await expect(storeUploadChunks(jobId, failing())).rejects.toThrow('the disk went away');
    expect(await readUploadChunk(jobId, 0)).toBeUndefined();
  });

  it('deletes one upload, not another', async () => {
    const other = await addTestBackfillJob();
    await storeUploadChunks(jobId, chunks('mine'));
    await storeUploadChunks(other, chunks('theirs'));
    await deleteUploadChunks(jobId);
    expect(await readUploadChunk(jobId, 0)).toBeUndefined();
    expect((await readUploadChunk(other, 0))?.toString()).toBe('theirs');
  });

  it('appends a chunk only together with its record, and tells the file’s size and pieces', async () => {
    expect(await uploadChunksBytes(jobId)).toBeUndefined();
    await appendUploadChunk(jobId, 0, Buffer.from('head\n'), async () => {});
    await expect(
      appendUploadChunk(jobId, 1, Buffer.from('lost'), async () => {
        throw new Error('the record failed');
      }),
    ).rejects.toThrow('the record failed');
    expect(await readUploadChunk(jobId, 1)).toBeUndefined();
    await appendUploadChunk(jobId, 1, Buffer.from('abcde'), async () => {});
    expect(await hasUploadChunks(jobId)).toBe(true);
    expect(await uploadChunksBytes(jobId)).toBe(10);
    expect(await readAll(jobId, 3)).toEqual(['hea', 'd\n', 'abc', 'de']);
    await deleteUploadChunks(jobId, 1);
    expect(await readAll(jobId, 100)).toEqual(['head\n']);
  });

  it('deletes the files of exports that ended or are past their time, not of others', async () => {
    const at = 1_000_000;
    const make = async (kind: 'export' | 'backfill', status?: 'succeeded' | 'failed') => {
      const job = await createJob({ kind, params: {} });
      if (status) await finishJob(job.id, status);
      await storeUploadChunks(job.id, chunks('x', 'y'));
      return job;
    };
    const failed = await make('export', 'failed');
    const running = await make('export');
    const backfill = await make('backfill', 'failed');
    const fresh = await make('export', 'succeeded');
    // finishJob stamps the real time: "fresh" finished after a cutoff in 1970 and is kept.
    expect(await deleteEndedExportChunks(at)).toBe(1);
    expect(await hasUploadChunks(failed.id)).toBe(false);
    for (const kept of [running, backfill, fresh]) expect(await hasUploadChunks(kept.id)).toBe(true);
    expect(await deleteEndedExportChunks(Date.now())).toBe(1);
    expect(await hasUploadChunks(fresh.id)).toBe(false);
    expect(await readAll(running.id, 10)).toEqual(['x', 'y']);
  });
});
