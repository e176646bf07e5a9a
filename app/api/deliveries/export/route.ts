import { route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { audit } from '@/lib/data/audit';
import { exportDeliveriesCsv } from '@/lib/data/deliveries-export';
import { ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validations/common';
import { filtersFromSearchParams } from '@/lib/validations/delivery';

export const dynamic = 'force-dynamic';

/** The history matching the same filters as the screen, as a CSV download. */
export const GET = route((req) => {
  const actor = requireActor(req, 'deliveries:read');
  const parsed = filtersFromSearchParams(new URL(req.url).searchParams);
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues[0]?.message ?? 'Invalid filters.',
      fieldErrorsOf(parsed.error),
    );
  const { cursor: _c, limit: _l, ...filters } = parsed.data;
  audit(actor.audit, 'delivery.export', 'Exported the delivery history as CSV.', undefined, {
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
