import 'server-only';
import { and, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import { db, withTransaction } from './engine';

/**
 * A job's file kept in the database in ordered chunks (`upload_chunks`, keyed by the job), on PostgreSQL
 * only: a backfill's uploaded CSV and an export's output. There the next request of the same upload, an
 * import or export resuming on another instance after a crash, or a download reaching another instance,
 * may run anywhere, so the file cannot stay on one machine's disk. On SQLite there is one process and
 * the files stay in DATA_DIR (lib/backfill/upload.ts, lib/jobs/export-files.ts), which is faster and
 * keeps a 100 MB file out of the WAL.
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

/**
 * Appends chunk `seq` of job `jobId`'s file and runs `record` (the job's progress) in the same
 * transaction: the chunk is kept only if its progress is (a resumed job never finds a chunk it did not
 * record, nor a record without its chunk).
 */
export async function appendUploadChunk(
  jobId: number,
  seq: number,
  data: Buffer,
  record: () => Promise<void>,
): Promise<void> {
  await withTransaction(async () => {
    await db().insert(c).values({ jobId, seq, data });
    await record();
  });
}

/** Whether job `jobId` has a stored file (its first chunk). */
export async function hasUploadChunks(jobId: number): Promise<boolean> {
  const [row] = await db()
    .select({ seq: c.seq })
    .from(c)
    .where(and(eq(c.jobId, jobId), eq(c.seq, 0)))
    .limit(1);
  return row !== undefined;
}

/** The size in bytes of job `jobId`'s stored file; undefined when it has none. */
export async function uploadChunksBytes(jobId: number): Promise<number | undefined> {
  const [row] = await db()
    .select({
      chunks: sql<number>`count(*)`.mapWith(Number),
      bytes: sql<number>`coalesce(sum(length(${c.data})), 0)`.mapWith(Number),
    })
    .from(c)
    .where(eq(c.jobId, jobId));
  return row?.chunks ? row.bytes : undefined;
}

/**
 * Job `jobId`'s stored file in order, handed on in pieces of at most `pieceBytes`; one chunk in memory at
 * a time. Each chunk is its own read, so chunks deleted meanwhile (the export sweep, lib/jobs/export-files.ts)
 * would end the file early: given the size the reader expects (`bytes`), a file that ends short of it throws
 * instead, so a download fails visibly rather than handing over a cut file as the whole.
 */
export async function* readUploadChunks(
  jobId: number,
  pieceBytes: number,
  bytes?: number,
): AsyncGenerator<Buffer> {
  let read = 0;
  for (let seq = 0; ; seq++) {
    const chunk = await readUploadChunk(jobId, seq);
    if (!chunk) break;
    read += chunk.length;
    for (let at = 0; at < chunk.length; at += pieceBytes) yield chunk.subarray(at, at + pieceBytes);
  }
  if (bytes !== undefined && read < bytes)
    throw new Error(
      `The stored file of job ${jobId} was deleted while it was read (${read} of ${bytes} bytes).`,
    );
}

/**
 * Deletes job `jobId`'s file, or its chunks from `fromSeq` on (a job's deletion takes its chunks too:
 * ON DELETE CASCADE).
 */
export async function deleteUploadChunks(jobId: number, fromSeq = 0): Promise<void> {
  await db()
    .delete(c)
    .where(and(eq(c.jobId, jobId), gte(c.seq, fromSeq)));
}

/**
 * Deletes the stored files of export jobs that failed, were cancelled, or succeeded at or before
 * `finishedBy` (no longer downloadable); returns how many jobs had chunks.
 */
export async function deleteEndedExportChunks(finishedBy: number): Promise<number> {
  const j = schema.jobs;
  const ended = db()
    .select({ id: j.id })
    .from(j)
    .where(
      and(
        eq(j.kind, 'export'),
        or(
          inArray(j.status, ['failed', 'cancelled']),
          and(eq(j.status, 'succeeded'), lte(j.finishedAt, finishedBy)),
        ),
      ),
    );
  const ids = await db().selectDistinct({ jobId: c.jobId }).from(c).where(inArray(c.jobId, ended));
  if (ids.length)
    await db()
      .delete(c)
      .where(
        inArray(
          c.jobId,
          ids.map((r) => r.jobId),
        ),
      );
  return ids.length;
}
