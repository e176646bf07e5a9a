import { z } from 'zod';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Starting an export job: the history's filters (as in its URL, checked by filtersFromSearchParams)
 * and the file's format.
 */
export const startExportSchema = z.strictObject({
  filters: z.record(z.string(), z.union([z.string(), z.array(z.string())]), {
    error: 'filters must be an object of history filters.',
  }),
  format: z.enum(EXPORT_FORMATS, { error: 'format must be "csv" or "jsonl".' }),
});
export type StartExportInput = z.input<typeof startExportSchema>;

/** Counting before an export: the filters alone. */
export const previewExportSchema = startExportSchema.pick({ filters: true });
