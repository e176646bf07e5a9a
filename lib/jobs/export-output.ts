import 'server-only';
import fs from 'node:fs';

import { config } from '@/lib/config';
import { appendUploadChunk, deleteUploadChunks, uploadsInDatabase } from '@/lib/data/upload-chunks';
import { exportFile, type ExportParams } from './export-files';

/**
 * Where an export job writes its file, page by page (lib/jobs/export-files.ts says where it lives). Each
 * page is recorded with the job's progress, so a job resumed after a kill, here or on another instance,
 * carries on from the last recorded page and writes the same file.
 */
export interface ExportOutput {
  /**
   * Appends `text` and records the job's progress with `record`, given `next` with the stored length
   * (and chunks) updated; returns those params.
   */
  append(
    text: Buffer,
    next: ExportParams,
    record: (params: ExportParams) => Promise<void>,
  ): Promise<ExportParams>;
  /** The last page is in: the file may be served. */
  finish(): Promise<void>;
  /** Stops writing, leaving the file as it is (the caller discards or keeps it). */
  close(): void;
}

/** Opens the job's file where `params` left it: new when nothing was recorded yet, else cut back to the record. */
export async function openExportOutput(id: number, params: ExportParams): Promise<ExportOutput> {
  return uploadsInDatabase() ? openStored(id, params) : openOnDisk(id, params);
}

/** SQLite: DATA_DIR/exports/export-<id>.<ext>.part, renamed when done. */
function openOnDisk(id: number, params: ExportParams): ExportOutput {
  const part = exportFile(id, params.format, true);
  fs.mkdirSync(config().exportsDir, { recursive: true });
  if (params.bytes === undefined) fs.writeFileSync(part, '');
  else if (!fs.existsSync(part))
    throw new Error('The export’s unfinished file is gone; start the export again.');
  // A page appended but not recorded before a kill is cut off: the resumed job writes it again.
  else fs.truncateSync(part, params.bytes);
  let bytes = params.bytes ?? 0;
  let fd: number | undefined = fs.openSync(part, 'a');
  const close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  return {
    async append(text, next, record) {
      // Flushed before it is recorded: the record never counts bytes the disk may not have.
      fs.writeSync(fd!, text);
      fs.fsyncSync(fd!);
      bytes += text.length;
      const stored = { ...next, bytes };
      await record(stored);
      return stored;
    },
    async finish() {
      close();
      fs.renameSync(part, exportFile(id, params.format));
    },
    close,
  };
}

/** PostgreSQL: one chunk per page in upload_chunks, each stored in the transaction that records it. */
async function openStored(id: number, params: ExportParams): Promise<ExportOutput> {
  let bytes = params.bytes ?? 0;
  let chunks = params.bytes === undefined ? 0 : (params.chunks ?? 0);
  // Chunks past the record cannot be there (each is stored with its record); a new file starts empty.
  await deleteUploadChunks(id, chunks);
  return {
    async append(text, next, record) {
      const stored = { ...next, bytes: bytes + text.length, chunks: chunks + 1 };
      await appendUploadChunk(id, chunks, text, () => record(stored));
      bytes = stored.bytes;
      chunks = stored.chunks;
      return stored;
    },
    async finish() {},
    close() {},
  };
}
