import 'server-only';
import { and, eq } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { db, withTransaction } from './engine';

/**
 * A backfill's uploaded CSV kept in the database in ordered chunks (`upload_chunks`), on PostgreSQL only:
 * there the next request of the same upload, or the import resuming on another instance after a crash,
 * may run anywhere, so the file cannot stay on one machine's disk. On SQLite there is one process and
 * the file stays in DATA_DIR/uploads (lib/backfill/upload.ts), which is faster for it and keeps a
 * 100 MB file out of the WAL.
 */
export function uploadsInDatabase(): boolean {
  return engineKind() === 'pg';
}

const c = schema.uploadChunks;

/** Bytes per stored chunk: 100 rows of a 100 MB file, each a statement of its own. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/**
 * Writes `chunks` in order as the upload of job `jobId`, in one transaction: a failure or a crash part
 * way leaves no chunk, so a partly stored file is never read. Only one chunk is in memory at a time.
 */
export async function storeUploadChunks(jobId: number, chunks: AsyncIterable<Buffer>): Promise<void> {
  await withTransaction(async () => {
    let seq = 0;
    for await (const data of chunks) await db().insert(c).values({ jobId, seq: seq++, data });
  });
}

/** Chunk `seq` of job `jobId`'s upload, or undefined past its end (or when it has none). */
export async function readUploadChunk(jobId: number, seq: number): Promise<Buffer | undefined> {
  const [row] = await db()
    .select({ data: c.data })
    .from(c)
    .where(and(eq(c.jobId, jobId), eq(c.seq, seq)))
    .limit(1);
  return row?.data;
}

/** Deletes job `jobId`'s upload (a job's deletion takes its chunks too: ON DELETE CASCADE). */
export async function deleteUploadChunks(jobId: number): Promise<void> {
  await db().delete(c).where(eq(c.jobId, jobId));
}
