'use client';

import { useQuery } from '@tanstack/react-query';

import { EmptyState } from '@/components/ui/empty-state';
import { LinkTabs } from '@/components/ui/link-tabs';
import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { incidentsQuery } from '@/lib/queries/incidents';
import { IncidentCard } from './_components/incident-card';

const VIEWS = [
  { state: 'open', label: 'Open', href: '/incidents' },
  { state: 'past', label: 'Past', href: '/incidents?state=past' },
] as const;

export function IncidentsPageClient({ state }: { state: 'open' | 'past' }) {
  const { data, isPending, isError, error } = useQuery(incidentsQuery(state));
  return (
    <>
      <PageHeader
        title="Incidents"
        description="When something breaks for an integration (SALESmanago refuses the credentials, many deliveries fail, events wait, the website goes quiet, the monitoring code disappears), the console opens an incident that says what to do, and resolves it by itself once the cause is gone."
      />
      <LinkTabs
        label="Incidents to show"
        className="mb-4"
        items={VIEWS.map((v) => ({ href: v.href, label: v.label, current: v.state === state }))}
      />
      {isPending ? (
        <LoadingRows label="Loading the incidents…" />
      ) : isError ? (
        <LoadError title="The incidents could not be loaded." error={error} />
      ) : data.items.length === 0 ? (
        <EmptyState title={state === 'open' ? 'No open incident' : 'No past incident'}>
          {state === 'open'
            ? 'Every integration sends normally. The console checks every minute and opens an incident when something breaks.'
            : 'Incidents appear here once they are resolved.'}
        </EmptyState>
      ) : (
        <ul
          aria-label={state === 'open' ? 'Open incidents' : 'Past incidents'}
          className="flex flex-col gap-4"
        >
          {data.items.map((incident) => (
            <li key={incident.id}>
              <IncidentCard incident={incident} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
