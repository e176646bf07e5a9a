'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { IncidentCauseBadge, IncidentStateBadge } from '@/components/incidents/incident-badges';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import type { IncidentDetail } from '@/lib/data/incidents';
import { plural } from '@/lib/format';
import { CREDENTIALS_WAIT_SENTENCE } from '@/lib/incidents/describe';
import { incidentQuery } from '@/lib/queries/incidents';
import { IncidentActions } from './_components/incident-actions';
import { Timeline } from './_components/timeline';

export function IncidentPageClient({ id }: { id: number }) {
  const { data: incident, isPending, isError, error } = useQuery(incidentQuery(id));
  if (isPending) return <LoadingRows label="Loading the incident…" />;
  if (isError) return <LoadError title="The incident could not be loaded." error={error} />;
  const open = incident.state !== 'resolved';
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/incidents" className="hover:underline">
            Incidents
          </Link>
        }
        title={incident.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <IncidentStateBadge state={incident.state} />
            <IncidentCauseBadge cause={incident.cause} />
            <span>Incident #{incident.id}</span>
          </span>
        }
        actions={<IncidentActions incident={incident} />}
      />
      {/* One grid, in reading order: on a phone the facts (how many wait, since when) come right after
          what happened, not below the whole timeline; from lg they stand beside the three cards. */}
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title="What happened" />
          <CardBody className="flex flex-col gap-3 text-sm text-slate-800">
            <p>{incident.summary}</p>
            {incident.cause === 'credentials' && open ? (
              <Alert tone="warning" title="Sending to this integration is paused.">
                {CREDENTIALS_WAIT_SENTENCE}
              </Alert>
            ) : null}
          </CardBody>
        </Card>
        <Facts incident={incident} className="lg:col-start-3 lg:row-span-3 lg:row-start-1" />
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title="What to do" />
          <CardBody className="flex flex-col gap-3 text-sm text-slate-800">
            <p>{incident.fix}</p>
            <div className="flex flex-wrap gap-2">
              {incident.integrationId ? (
                <Link
                  href={`/integrations/${incident.integrationId}`}
                  className={buttonClass('secondary', 'sm')}
                >
                  Open the integration’s settings
                </Link>
              ) : null}
              <Link href={incident.historyHref} className={buttonClass('secondary', 'sm')}>
                See the deliveries
              </Link>
            </div>
          </CardBody>
        </Card>
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title="Timeline" description="Oldest first." />
          <CardBody>
            <Timeline events={incident.timeline} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}

function Facts({ incident: i, className }: { incident: IncidentDetail; className?: string }) {
  const rows: Array<[string, ReactNode]> = [
    [
      'Integration',
      i.integrationId ? (
        <Link href={`/integrations/${i.integrationId}`} className="underline">
          {i.integrationName}
        </Link>
      ) : (
        `${i.integrationName} (deleted)`
      ),
    ],
    ['First seen', <LocalTime key="f" ms={i.firstSeenAt} />],
    ['Last seen', <LocalTime key="l" ms={i.lastSeenAt} />],
  ];
  // A silent website or a missing code affects no delivery: the count would only say "None".
  if (i.cause !== 'website-silent' && i.cause !== 'snippet-gone')
    rows.push(['Deliveries affected', i.affected ? plural(i.affected, 'delivery', 'deliveries') : 'None']);
  if (i.waitingNow !== null) rows.push(['Waiting now', plural(i.waitingNow, 'delivery', 'deliveries')]);
  if (i.acknowledgedAt)
    rows.push([
      'Acknowledged',
      <>
        by {i.acknowledgedByLabel}, <LocalTime ms={i.acknowledgedAt} />
      </>,
    ]);
  if (i.resolvedAt)
    rows.push([
      'Resolved',
      <>
        {i.resolvedByLabel ? `by ${i.resolvedByLabel}` : 'by itself'}, <LocalTime ms={i.resolvedAt} />
      </>,
    ]);
  return (
    <Card className={className}>
      <CardHeader title="Facts" />
      <CardBody>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="min-w-0 [overflow-wrap:anywhere] text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
