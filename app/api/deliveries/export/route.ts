import { route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { config } from '@/lib/config';
import { countExport, exportDeliveriesCsv } from '@/lib/data/deliveries-export';
import { ConflictError, ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validations/common';
import { filtersFromSearchParams } from '@/lib/validations/delivery';

export const dynamic = 'force-dynamic';

/**
 * The history matching the same filters as the screen, as a CSV download, up to EXPORT_DIRECT_MAX_ROWS
 * rows (counted first). A larger one is refused with 409 before anything streams: it runs as a job
 * (POST /api/exports), which a long-held request would not survive as well.
 */
export const GET = route(async (req) => {
  const actor = await requireActor(req, 'deliveries:read');
  const parsed = filtersFromSearchParams(new URL(req.url).searchParams);
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues[0]?.message ?? 'Invalid filters.',
      fieldErrorsOf(parsed.error),
    );
  const { cursor: _c, limit: _l, ...filters } = parsed.data;
  const { count } = await countExport(filters);
  const max = config().exportDirectMaxRows;
  if (count > max)
    throw new ConflictError(
      `These filters match ${count} deliveries, more than the ${max} a direct download holds. Start an export (POST /api/exports) and download its file when it is ready.`,
    );
  await audit(actor.audit, 'delivery.export', 'Exported the delivery history as CSV.', undefined, {
    query: new URL(req.url).search,
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(exportDeliveriesCsv(filters), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="deliveries-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
