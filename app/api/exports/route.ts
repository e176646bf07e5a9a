import { historyFilters } from '@/lib/api/filters-body';
import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { getJob } from '@/lib/data/jobs';
import { startExport } from '@/lib/jobs/export';
import '@/lib/jobs/kinds';
import { startExportSchema } from '@/lib/validations/export';
import { parseOrThrow } from '@/lib/validations/parse';

export const dynamic = 'force-dynamic';

/**
 * Starts an export job of every delivery the filters match, as CSV or JSON Lines; answers 202 with the
 * job. Its file downloads from /api/exports/:id/download, for the person who asked, for 24 hours.
 */
export const POST = route(async (req) => {
  const actor = await requireActor(req, 'deliveries:read');
  const body = parseOrThrow(startExportSchema, await readJson(req, 16 * 1024));
  const job = await startExport(actor, historyFilters(body.filters), body.format);
  return json({ job: await getJob(job.id) }, { status: 202 });
});
