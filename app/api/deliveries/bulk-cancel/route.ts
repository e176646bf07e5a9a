import { filtersFromBody } from '@/lib/api/filters-body';
import { decisionNote } from '@/lib/api/note-body';
import { json, readJson, route } from '@/lib/api/respond';
import { requireActor } from '@/lib/auth/guard';
import { countForBulk } from '@/lib/data/attention';
import { audit } from '@/lib/data/audit';
import { createJob, getJob } from '@/lib/data/jobs';
import '@/lib/jobs/kinds';
import { runJob } from '@/lib/jobs/runner';

export const dynamic = 'force-dynamic';

/** Starts a background job that stops retrying every waiting or retrying delivery the filters match. */
export const POST = route(async (req) => {
  const actor = await requireActor(req, 'deliveries:retry');
  const { filters, expectedCount, reason } = filtersFromBody(await readJson(req, 16 * 1024));
  const { count, maxId } = await countForBulk('cancel', filters);
  const job = await createJob({
    kind: 'bulk-cancel',
    params: { filters, maxId, note: decisionNote('Stopped', actor.audit.label, reason ?? null) },
    total: count,
    createdBy: actor.id,
  });
  await audit(
    actor.audit,
    'delivery.bulk_cancel',
    `Started stopping ${count} deliveries (job #${job.id})${reason ? `: ${reason}` : '.'}`,
    { type: 'job', id: job.id },
    { filters, ...(reason ? { reason } : {}) },
  );
  await runJob(job.id);
  return json(
    { job: await getJob(job.id), countChanged: expectedCount !== undefined && expectedCount !== count },
    { status: 202 },
  );
});
