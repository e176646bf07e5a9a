'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

import { useCan } from '@/components/shell/user-context';
import { Button, buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { useOpenedOnce } from '@/components/ui/opened-once';
import { LoadingRows } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { formatDateTime } from '@/lib/format';
import { deliveriesQuery } from '@/lib/queries/deliveries';
import { integrationsQuery } from '@/lib/queries/integrations';
import { filtersToSearchParams } from '@/lib/validations/delivery-params';
import { DeliveryTable } from './_components/delivery-table';
import { FilterBar, type FilterPatch } from './_components/filter-bar';
import { hasFilters, historyHref } from './history-href';
import type { HistoryView } from './search-params';

// The dialogs are code a person may never open: loaded when first opened, not with the page.
const BulkActionDialog = dynamic(
  () => import('@/components/jobs/bulk-action-dialog').then((m) => m.BulkActionDialog),
  { ssr: false },
);
const ExportDialog = dynamic(() => import('./_components/export-dialog').then((m) => m.ExportDialog), {
  ssr: false,
});

export function DeliveriesPageClient({ filters, range }: HistoryView) {
  const router = useRouter();
  const canSend = useCan('events:send');
  const canRetry = useCan('deliveries:retry');
  const [stopping, setStopping] = useState(false);
  const [exporting, setExporting] = useState(false);
  const stoppingOpened = useOpenedOnce(stopping);
  const exportingOpened = useOpenedOnce(exporting);
  const [navigating, startTransition] = useTransition();
  const { data, isPending, isError, error, refetch } = useQuery(deliveriesQuery(filters));
  const integrations = useQuery(integrationsQuery());
  const filtered = hasFilters(filters, range);
  const cleared = historyHref({ limit: filters.limit }, null);

  // Filters replace the URL (no history entry per checkbox) and start again from the newest page.
  const go = (href: string) => startTransition(() => router.replace(href, { scroll: false }));
  const update = ({ range: nextRange = range, ...patch }: FilterPatch) =>
    go(historyHref({ ...filters, ...patch, cursor: undefined }, nextRange));

  // Bulk actions and the export take the same filters as the screen (every page, not just this one).
  const filterParams = Object.fromEntries(
    filtersToSearchParams({ ...filters, cursor: undefined, limit: undefined }),
  );
  const sendLink = canSend ? (
    <Link href="/send" className={buttonClass('primary')}>
      Send event
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="History"
        description="Every event sent to SALESmanago: its request, the answer, and what to do about a failure."
        actions={
          <>
            <Button variant="secondary" onClick={() => setExporting(true)}>
              Download…
            </Button>
            {canRetry ? (
              <Button variant="secondary" onClick={() => setStopping(true)}>
                Stop retrying…
              </Button>
            ) : null}
            {sendLink}
          </>
        }
      />
      {stoppingOpened ? (
        <BulkActionDialog
          action="cancel"
          open={stopping}
          onClose={() => setStopping(false)}
          filters={filterParams}
          description="Each delivery ends as cancelled and is not sent again by itself. You can still resend one later."
        />
      ) : null}
      {exportingOpened ? (
        <ExportDialog open={exporting} onClose={() => setExporting(false)} filters={filterParams} />
      ) : null}
      <FilterBar filters={filters} range={range} integrations={integrations.data ?? []} onChange={update} />
      <div className="mb-3 flex min-h-8 flex-wrap items-center gap-x-3 gap-y-2 text-sm text-slate-700">
        <p aria-live="polite">
          {data ? summary(data.items.length, filtered, filters.cursor) : null}
          {data?.searchedBack && data.items.length ? (
            <> Searched back to {formatDateTime(data.searchedBack.createdAt)}.</>
          ) : null}
        </p>
        {navigating ? <Spinner label="Updating…" className="text-slate-600" /> : null}
        {filtered ? (
          <Button variant="secondary" size="sm" className="ml-auto" onClick={() => go(cleared)}>
            Clear filters
          </Button>
        ) : null}
      </div>

      {isPending ? (
        <LoadingRows rows={5} label="Loading deliveries…" />
      ) : isError ? (
        <LoadError title="The history could not be loaded." error={error} onRetry={refetch} />
      ) : data.items.length === 0 ? (
        data.searchedBack ? (
          <EmptyState
            title={`No matches since ${formatDateTime(data.searchedBack.createdAt)}`}
            action={
              <Link
                href={historyHref({ ...filters, cursor: data.nextCursor ?? undefined }, range)}
                className={buttonClass('secondary')}
              >
                Search older deliveries
              </Link>
            }
          >
            A search looks through the history a slice at a time, newest first, so it answers quickly however
            long the history is. Search older deliveries to go on from here.
          </EmptyState>
        ) : filters.cursor ? (
          <EmptyState
            title="No older deliveries"
            action={
              <Link
                href={historyHref({ ...filters, cursor: undefined }, range)}
                className={buttonClass('secondary')}
              >
                Back to newest
              </Link>
            }
          >
            You have reached the oldest delivery{filtered ? ' that matches these filters' : ''}.
          </EmptyState>
        ) : filtered ? (
          <EmptyState
            title="Nothing matches these filters"
            action={
              <Button variant="secondary" onClick={() => go(cleared)}>
                Clear filters
              </Button>
            }
          >
            No delivery has all of the chosen filters. Widen the date range, pick more types or statuses, or
            clear them all.
          </EmptyState>
        ) : (
          <EmptyState title="No deliveries yet" action={sendLink}>
            Events sent from Send event, from your website&apos;s JavaScript or through the API appear here,
            with SALESmanago&apos;s answer.
          </EmptyState>
        )
      ) : (
        <DeliveryTable
          items={data.items}
          detailLabels={Object.fromEntries((integrations.data ?? []).map((i) => [i.id, i.detailLabels]))}
          paused={Object.fromEntries(
            (integrations.data ?? []).flatMap((i) =>
              i.sending.pausedBy ? [[i.id, i.sending.pausedBy]] : [],
            ),
          )}
        />
      )}

      {data && (filters.cursor || data.nextCursor) ? (
        <nav aria-label="History pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
          {filters.cursor ? (
            <Link
              href={historyHref({ ...filters, cursor: undefined }, range)}
              className={buttonClass('secondary')}
            >
              ← Back to newest
            </Link>
          ) : (
            <span />
          )}
          {/* An empty page of a search offers the same link in its own message. */}
          {data.nextCursor && !(data.searchedBack && data.items.length === 0) ? (
            <Link
              href={historyHref({ ...filters, cursor: data.nextCursor }, range)}
              className={buttonClass('secondary')}
            >
              {data.searchedBack ? 'Search older deliveries →' : 'Older deliveries →'}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function summary(count: number, filtered: boolean, cursor: number | undefined): string {
  if (count === 0) return '';
  const what = `${count} ${count === 1 ? 'delivery' : 'deliveries'}${filtered ? ' matching the filters' : ''}`;
  return cursor
    ? `Showing ${what}, older than #${cursor}.`
    : `Showing ${what}, newest first. New ones appear as they arrive.`;
}
