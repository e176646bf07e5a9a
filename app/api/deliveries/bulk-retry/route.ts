import { filtersFromBody } from '@/lib/api/filters-body';
import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { countForBulk } from '@/lib/data/attention';
import { audit } from '@/lib/data/audit';
import { createJob, getJob } from '@/lib/data/jobs';
import '@/lib/jobs/kinds';
import { runJob } from '@/lib/jobs/runner';

export const dynamic = 'force-dynamic';

/** Starts a background job that retries every delivery the filters match; answers 202 with the job. */
export const POST = route(async (req) => {
  const actor = await requireActor(req, 'deliveries:retry');
  const { filters, expectedCount } = filtersFromBody(await readJson(req, 16 * 1024));
  const { count, maxId } = await countForBulk('retry', filters);
  const job = await createJob({
    kind: 'bulk-retry',
    params: { filters, maxId },
    total: count,
    createdBy: actor.id,
  });
  await audit(
    actor.audit,
    'delivery.bulk_retry',
    `Started retrying ${count} deliveries (job #${job.id}).`,
    { type: 'job', id: job.id },
    { filters },
  );
  await runJob(job.id);
  return json(
    { job: await getJob(job.id), countChanged: expectedCount !== undefined && expectedCount !== count },
    { status: 202 },
  );
});
