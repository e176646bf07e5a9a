'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId } from 'react';

import { ReasonPanel } from '@/components/deliveries/reason-panel';
import { SendingPausedNotice } from '@/components/incidents/sending-notice';
import { StatusBadge } from '@/components/deliveries/status-badge';
import { Technical, TechnicalDetailsToggle } from '@/components/shell/technical-details';
import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { EVENT_TYPE_INFO, isEventType } from '@/lib/salesmanago/event-types';
import { contactHref } from '@/lib/queries/contacts';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import { deliveryQuery } from '@/lib/queries/deliveries';
import { integrationsQuery } from '@/lib/queries/integrations';
import { ActionHelp } from './_components/action-help';
import { AttemptList } from './_components/attempt-list';
import { CopyCurlCard } from './_components/copy-curl-card';
import { awaitsDecision, DecisionActions } from './_components/decision-actions';
import { DeliveryFacts } from './_components/delivery-facts';
import { EventFields } from './_components/event-fields';
import { ResendActions } from './_components/resend-actions';
import { ResendChain } from './_components/resend-chain';
import { RetryNowButton } from './_components/retry-now-button';

/** A waiting delivery of an integration whose sending is paused says why it does not go out. */
function WaitingBehindPause({ delivery: d }: { delivery: DeliveryDetail }) {
  const integrations = useQuery(integrationsQuery());
  const integration = integrations.data?.find((i) => i.id === d.integrationId);
  if (!integration || (d.status !== 'queued' && d.status !== 'retrying')) return null;
  return (
    <div className="mb-6">
      <SendingPausedNotice integration={integration} context="delivery" />
    </div>
  );
}

export function DeliveryDetailPageClient({ id }: { id: number }) {
  const canSend = useCan('events:send');
  const canIncludeSecrets = useCan('curl:include-secrets');
  const noteId = useId();
  const { data: d, isPending, isError, error } = useQuery(deliveryQuery(id));

  if (isPending) return <LoadingRows label="Loading the delivery…" />;
  if (isError) return <LoadError title="The delivery could not be loaded." error={error} />;

  const deleted = d.integrationId === null;
  const typeLabel = isEventType(d.type) ? EVENT_TYPE_INFO[d.type].label : d.type;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/deliveries" className="hover:underline">
            History
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            Delivery #{d.id}
            <StatusBadge status={d.status} />
          </span>
        }
        description={
          <>
            {typeLabel} event (<code className="font-mono text-xs">{d.type}</code>) for{' '}
            <Link href={contactHref(d.contact)} className="text-brand-700 underline">
              {d.contact}
            </Link>{' '}
            (every event sent for this contact), sent through {d.integrationName}.
          </>
        }
        actions={
          canSend ? (
            <>
              <DecisionActions delivery={d} />
              {/* A delivery awaiting a decision has its own "Send again". */}
              {awaitsDecision(d) ? null : <RetryNowButton delivery={d} />}
              <ResendActions delivery={d} disabledNoteId={deleted ? noteId : undefined} />
            </>
          ) : null
        }
      />
      {deleted && canSend ? (
        <Alert tone="info" className="mb-6">
          <span id={noteId}>
            The integration “{d.integrationName}” was deleted, so this event cannot be sent again or copied as
            cURL from here. Its record stays in the history.
          </span>
        </Alert>
      ) : null}

      {canSend && !deleted ? <ActionHelp delivery={d} /> : null}
      <ReasonPanel delivery={d} className="mb-6" />
      <WaitingBehindPause delivery={d} />
      <div className="mb-4 flex justify-end">
        <TechnicalDetailsToggle />
      </div>

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader
            title="Event"
            description="The event as it was recorded, with SALESmanago's field names."
          />
          <CardBody>
            <EventFields event={d.event} />
          </CardBody>
        </Card>
        <div className="flex min-w-0 flex-col gap-6">
          <DeliveryFacts delivery={d} />
          <ResendChain delivery={d} />
          {canSend ? (
            <Technical>
              <CopyCurlCard
                delivery={d}
                canIncludeSecrets={canIncludeSecrets}
                disabledNoteId={deleted ? noteId : undefined}
              />
            </Technical>
          ) : null}
        </div>
      </div>

      <section aria-labelledby={`${noteId}-attempts`} className="mt-8">
        <h2 id={`${noteId}-attempts`} className="text-lg font-semibold text-slate-900">
          Attempts
        </h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          Every try to send this delivery, oldest first, and how it ended.
          <Technical>
            {' '}
            Each request is shown with the answer beside it; the API key and sha were masked before the
            request was recorded.
          </Technical>
        </p>
        {d.bodiesRemovedAt ? (
          <Alert tone="info" className="mb-4">
            The request and response bodies of this delivery were removed by retention on{' '}
            <LocalTime ms={d.bodiesRemovedAt} />. What was sent and how it ended are kept above.
          </Alert>
        ) : null}
        <AttemptList attempts={d.attempts} bodiesRemoved={d.bodiesRemovedAt !== null} />
      </section>
    </>
  );
}
