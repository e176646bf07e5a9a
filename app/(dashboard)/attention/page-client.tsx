'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { BulkActionDialog } from '@/components/jobs/bulk-action-dialog';
import { useCan } from '@/components/shell/user-context';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import type { AttentionGroup } from '@/lib/data/attention';
import { attentionQuery } from '@/lib/queries/attention';
import { DecisionList } from './_components/decision-list';

export function AttentionPageClient() {
  const canRetry = useCan('deliveries:retry');
  const { data, isPending, isError, error } = useQuery(attentionQuery());
  const [retrying, setRetrying] = useState<AttentionGroup | null>(null);

  return (
    <>
      <PageHeader
        title="Needs attention"
        description="What will not fix itself: failed deliveries, and retrying ones that waiting will not cure, grouped by why, with what to do about each."
      />
      {isPending ? (
        <LoadingRows label="Loading what needs attention…" />
      ) : isError ? (
        <LoadError title="What needs attention could not be loaded." error={error} />
      ) : data.groups.length === 0 ? (
        <EmptyState title="Nothing needs attention">
          Every delivery succeeded, was sent again successfully, or is retrying a passing failure that should
          clear by itself.
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-4" aria-label="Failure reasons">
          {data.groups.map((g) => (
            <li key={g.reason.code}>
              <Card>
                <CardBody className="flex flex-col gap-3">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <h2 className="text-base font-semibold text-slate-900">{g.reason.title}</h2>
                      <p className="text-sm text-slate-600">
                        {g.count} deliver{g.count === 1 ? 'y' : 'ies'} · {g.integrations} integration
                        {g.integrations === 1 ? '' : 's'} · latest <LocalTime ms={g.latestAt} />
                      </p>
                      {g.retrying && g.nextAttemptAt ? (
                        <p className="text-sm text-slate-600">
                          {g.retrying === g.count ? 'All' : g.retrying} still retrying · next attempt{' '}
                          <LocalTime ms={g.nextAttemptAt} />
                        </p>
                      ) : null}
                    </div>
                    <div className="flex flex-wrap gap-2">
                      <Link
                        href={`/deliveries?status=${statusesOf(g).join(',')}&reason=${g.reason.code}`}
                        className={buttonClass('secondary', 'sm')}
                      >
                        See them in the history
                      </Link>
                      {canRetry ? (
                        // Deliveries that may already be in SALESmanago are meant to be checked one by one
                        // below; sending them all again is the rarer, riskier choice, so it is not the
                        // primary button and says what it does.
                        <Button
                          size="sm"
                          variant={g.reason.code === 'maybe-stored' ? 'secondary' : 'primary'}
                          onClick={() => setRetrying(g)}
                        >
                          {g.reason.code === 'maybe-stored'
                            ? `Send all ${g.count} again`
                            : `Retry all ${g.count}`}
                        </Button>
                      ) : null}
                    </div>
                  </div>
                  <p className="text-sm text-slate-800">{g.reason.explanation}</p>
                  <p className="text-sm text-slate-800">
                    <span className="font-semibold">What to do:</span> {g.reason.fix}
                  </p>
                  {g.reason.code === 'maybe-stored' && data.decisions.length ? (
                    <DecisionList items={data.decisions} canDecide={canRetry} />
                  ) : null}
                </CardBody>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <BulkActionDialog
        action="retry"
        open={!!retrying}
        onClose={() => setRetrying(null)}
        filters={retrying ? { status: statusesOf(retrying), reason: retrying.reason.code } : {}}
        description={retrying ? `Failed with: ${retrying.reason.title}. Retry once the cause is fixed.` : ''}
      />
    </>
  );
}

/** The statuses a group holds: failed, and retrying when some of it is still retried. */
function statusesOf(g: AttentionGroup): string[] {
  return g.retrying ? (g.retrying === g.count ? ['retrying'] : ['failed', 'retrying']) : ['failed'];
}
