'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { JobProgress } from '@/components/jobs/job-progress';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { retentionQuery, useRunRetention } from '@/lib/queries/retention';
import { DaysForm } from './_components/days-form';

export function RetentionPageClient() {
  const [jobId, setJobId] = useState<number | null>(null);
  // While a run is shown, "Last run" follows it (the run records itself when it ends).
  const { data, isPending, isError, error } = useQuery({
    ...retentionQuery(),
    refetchInterval: jobId ? 1_000 : false,
  });
  const run = useRunRetention();

  if (isPending) return <LoadingRows label="Loading the retention settings…" />;
  if (isError) return <LoadError title="The retention settings could not be loaded." error={error} />;

  return (
    <>
      <PageHeader
        title="Retention"
        description="How long the history keeps deliveries and their request and response bodies. A daily run removes what is older; deliveries still being sent or needing attention are always kept."
      />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="For every integration" description="Between 1 day and 3650 days (ten years)." />
          <CardBody>
            <DaysForm label="Console-wide retention" value={data.global} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Per integration"
            description="Keep one integration's history longer or shorter than the rest."
          />
          <CardBody>
            <ul className="flex flex-col gap-6">
              {data.integrations.map((i) => (
                <li key={i.id}>
                  <h3 className="mb-2 text-sm font-semibold text-slate-900">{i.name}</h3>
                  <DaysForm label={`Retention for ${i.name}`} integrationId={i.id} value={i} />
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Runs"
            description={
              data.lastRun ? (
                <>
                  Last run <LocalTime ms={data.lastRun.at} />: bodies of {data.lastRun.bodies} deliveries and{' '}
                  {data.lastRun.deliveries} deliveries removed.
                </>
              ) : (
                'No run yet: the first one starts with the server, then once a day.'
              )
            }
            actions={
              <Button
                variant="secondary"
                loading={run.isPending}
                onClick={() => run.mutate(undefined, { onSuccess: ({ job }) => setJobId(job.id) })}
              >
                Run now
              </Button>
            }
          />
          {jobId ? (
            <CardBody>
              <JobProgress id={jobId} label="Retention run" />
            </CardBody>
          ) : null}
        </Card>
      </div>
    </>
  );
}
