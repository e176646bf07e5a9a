'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';

import { Technical, TechnicalDetailsToggle } from '@/components/shell/technical-details';
import { useCan } from '@/components/shell/user-context';
import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { useBrowserZone } from '@/components/ui/use-browser-zone';
import { integrationsQuery } from '@/lib/queries/integrations';
import { overviewQuery } from '@/lib/queries/overview';
import type { OverviewResponse } from '@/lib/validations/overview';
import { overviewToSearchParams } from '@/lib/validations/overview-params';
import { EventsOverTime } from './_components/events-over-time';
import { FailuresCard } from './_components/failures-card';
import { FirstSteps } from './_components/first-steps';
import { HealthCards } from './_components/health-cards';
import { OverviewFilters } from './_components/overview-filters';
import { OverviewSkeleton } from './_components/overview-skeleton';
import { WebsiteCard } from './_components/website-card';
import { WorthSection } from './_components/worth-section';
import { overviewHref, type OverviewView, type StackBy } from './overview-href';
import { rememberZone } from './zone-cookie';

export function OverviewPageClient({ view, serverZone }: { view: OverviewView; serverZone: string | null }) {
  const router = useRouter();
  const canSend = useCan('events:send');
  const zone = useBrowserZone(serverZone);
  useEffect(() => {
    if (zone) rememberZone(zone);
  }, [zone]);
  const integrations = useQuery(integrationsQuery());
  const query = { ...view.query, tz: zone ?? 'UTC' };
  // Without a zone (a first visit, before hydration) nothing is asked: days depend on where the reader is.
  const overview = useQuery({ ...overviewQuery(query), enabled: zone !== null });
  // How the bars split changes no number, so it changes the URL without asking the server again.
  const [stack, setStack] = useState<StackBy>(view.stack);
  const [navigating, startTransition] = useTransition();

  const go = (patch: Partial<OverviewView['query']>) =>
    startTransition(() =>
      router.replace(overviewHref({ query: { ...view.query, ...patch }, stack }), { scroll: false }),
    );
  const chooseStack = (next: StackBy) => {
    setStack(next);
    window.history.replaceState(null, '', overviewHref({ query: view.query, stack: next }));
  };

  const data = overview.data;
  const updating = navigating || overview.isPlaceholderData;
  const snippetIntegration =
    integrations.data?.find((i) => i.id === view.query.integrationId) ??
    integrations.data?.find((i) => i.isSandbox) ??
    integrations.data?.[0];

  return (
    <>
      <PageHeader
        title="Overview"
        description="Whether your events arrive, what fails and why, and what the shop's events are worth."
        actions={<TechnicalDetailsToggle />}
      />
      {data?.hasAnyDeliveries === false ? null : (
        // A console that never sent anything has no period or integration to choose between yet.
        <OverviewFilters
          query={view.query}
          integrations={integrations.data ?? []}
          shownDays={data ? shownDays(data) : null}
          onChange={go}
        />
      )}
      <div aria-live="polite" className="-mt-3 mb-3 min-h-5 text-sm text-slate-600">
        {updating && data ? <Spinner label="Updating…" /> : null}
      </div>
      {overview.isPending ? (
        <OverviewSkeleton />
      ) : overview.isError ? (
        <LoadError
          title="The overview could not be loaded."
          error={overview.error}
          onRetry={overview.refetch}
        />
      ) : !overview.data.hasAnyDeliveries ? (
        <FirstSteps
          canSend={canSend}
          snippetHref={snippetIntegration ? `/integrations/${snippetIntegration.id}/snippet` : null}
        />
      ) : (
        <div className="flex flex-col gap-8">
          <HealthCards data={overview.data} updatedAt={overview.dataUpdatedAt} />
          <EventsOverTime data={overview.data} stack={stack} onStack={chooseStack} />
          <FailuresCard data={overview.data} />
          <WorthSection data={overview.data} onBasis={(basis) => go({ basis })} />
          <WebsiteCard data={overview.data} />
          <Technical>
            <p className="text-sm text-slate-600">
              Days start at midnight in {overview.data.period.timeZone}. These numbers as JSON:{' '}
              <code className="font-mono text-xs break-all">
                GET /api/overview?{overviewToSearchParams(query).toString()}
              </code>
            </p>
          </Technical>
        </div>
      )}
    </>
  );
}

/** The first and last local day on screen, to start a custom period from. */
function shownDays(data: OverviewResponse): { from: string; to: string } | null {
  const first = data.timeline[0]?.label.slice(0, 10);
  const last = data.timeline.at(-1)?.label.slice(0, 10);
  return first && last ? { from: first, to: last } : null;
}
