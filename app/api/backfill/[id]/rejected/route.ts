import { idParam, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { rejectedRowsCsv } from '@/lib/backfill/rejected';

export const dynamic = 'force-dynamic';

/**
 * `{mapping, options}` in (as for the preview); the rows that would not be imported out, as a CSV with the
 * reason per row. Reads the upload, writes nothing.
 */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  await requireActor(req, 'backfill:run');
  const id = idParam((await ctx.params).id);
  const csv = await rejectedRowsCsv(id, await readJson(req, 128 * 1024), req.signal);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="import-${id}-rejected-rows.csv"`,
      'cache-control': 'no-store',
    },
  });
});
