import { json, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { listDeliveries } from '@/lib/data/deliveries-list';
import { ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validations/common';
import { filtersFromSearchParams } from '@/lib/validations/delivery';

export const dynamic = 'force-dynamic';

/** The history, newest first: filters and cursor pagination from the query string. */
export const GET = route(async (req) => {
  await requireActor(req, 'deliveries:read');
  const parsed = filtersFromSearchParams(new URL(req.url).searchParams);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues[0]?.message ?? 'Invalid filters.',
      fieldErrorsOf(parsed.error),
    );
  }
  return json(await listDeliveries(parsed.data));
});
