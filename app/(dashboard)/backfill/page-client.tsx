'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';

import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import type { BackfillView } from '@/lib/backfill/view';
import { backfillQuery } from '@/lib/queries/backfill';
import { integrationsQuery } from '@/lib/queries/integrations';
import { ImportProgress } from './_components/import-progress';
import { MappingStep } from './_components/mapping-step';
import { RecentImports } from './_components/recent-imports';
import { Steps, type Step } from './_components/steps';
import { UploadCard } from './_components/upload-card';
import { parseBackfillParams } from './search-params';

/** The import in the address (`?job=`), so a reload or a shared link comes back to the same step. */
function go(jobId: number | null) {
  window.history.pushState(null, '', jobId ? `/backfill?job=${jobId}` : '/backfill');
}

function stepOf(job: BackfillView | undefined): Step {
  if (!job) return 'upload';
  return job.status === 'pending' && !job.plan ? 'map' : 'import';
}

export function BackfillPageClient({ startIntegrationId }: { startIntegrationId: number | null }) {
  const jobId = parseBackfillParams(new URLSearchParams(useSearchParams().toString())).job ?? null;
  const integrations = useQuery(integrationsQuery());
  const job = useQuery({ ...backfillQuery(jobId ?? 0), enabled: !!jobId });

  const toUpload = (
    <Button variant="secondary" size="sm" onClick={() => go(null)}>
      Upload a file
    </Button>
  );
  let body;
  if (!jobId) {
    if (integrations.isPending) body = <LoadingRows label="Loading integrations…" />;
    else if (integrations.isError)
      body = <LoadError title="The integrations could not be loaded." error={integrations.error} />;
    else if (!integrations.data.length)
      body = (
        <EmptyState
          title="No integration to import into"
          action={
            <Link href="/integrations" className={buttonClass('primary')}>
              Go to integrations
            </Link>
          }
        >
          Imported events are sent through an integration. Ask an admin to add one, or use the Sandbox.
        </EmptyState>
      );
    else body = <UploadCard integrations={integrations.data} startId={startIntegrationId} onUploaded={go} />;
  } else if (job.isPending) {
    body = <LoadingRows rows={4} label="Loading the import…" />;
  } else if (job.isError) {
    body = (
      <Alert tone="danger" title="This import cannot be shown." actions={toUpload}>
        {job.error.message}
      </Alert>
    );
  } else if (job.data.status === 'cancelled' && !job.data.plan) {
    body = (
      <Alert tone="warning" title="This upload was closed before it was imported." actions={toUpload}>
        Nothing was sent. Upload the file again to import it.
      </Alert>
    );
  } else if (stepOf(job.data) === 'map') {
    body = <MappingStep key={job.data.id} job={job.data} onDiscarded={() => go(null)} />;
  } else {
    body = <ImportProgress job={job.data} />;
  }

  return (
    <>
      <PageHeader
        title="Backfill"
        description="Import past events from a CSV file, such as last year's orders. Every row is checked before anything is sent, and every imported row becomes a delivery in the history."
        actions={
          jobId ? (
            <Button variant="secondary" onClick={() => go(null)}>
              Upload another file
            </Button>
          ) : null
        }
      />
      <Steps current={jobId ? stepOf(job.data) : 'upload'} />
      <div className="flex flex-col gap-6">
        {body}
        <RecentImports current={jobId} onOpen={go} />
      </div>
    </>
  );
}
