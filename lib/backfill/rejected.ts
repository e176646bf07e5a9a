import 'server-only';
import { csvRow } from '@/lib/csv';
import { previewBackfill } from './lifecycle';

/**
 * The rows of an upload that the import would not send, as a CSV a marketer can fix and upload again: the
 * line of the file, the row's own cells under the file's column names, and why it is rejected. Read with the
 * same mapping and checks as the preview, so the download and the counts always agree.
 */
export async function rejectedRowsCsv(id: number, input: unknown, signal?: AbortSignal): Promise<string> {
  const rows: string[] = [];
  const result = await previewBackfill(id, input, signal, (line, cells, reason) => {
    rows.push(csvRow([line, ...cells, reason]));
  });
  return csvRow(['Line', ...result.columns, 'Why it was not imported']) + rows.join('');
}
