import { historyFilters } from '@/lib/api/filters-body';
import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { config } from '@/lib/config';
import { countExport } from '@/lib/data/deliveries-export';
import { previewExportSchema } from '@/lib/validations/export';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

/** The exact count an export of these filters holds, and up to how many rows download at once. */
export const POST = route(async (req) => {
  await requireActor(req, 'deliveries:read');
  const body = parseOrThrow(previewExportSchema, await readJson(req, 16 * 1024));
  return json({
    count: (await countExport(historyFilters(body.filters))).count,
    directMaxRows: config().exportDirectMaxRows,
  });
});
