import { beforeEach, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { addTestBackfillJob, ENGINES, testOnEngine } from './test-helpers';
import { deleteUploadChunks, readUploadChunk, storeUploadChunks } from './upload-chunks';

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
});
