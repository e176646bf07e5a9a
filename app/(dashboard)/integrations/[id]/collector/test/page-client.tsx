'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState, useSyncExternalStore } from 'react';
import { toast } from 'sonner';

import { StatusBadge } from '@/components/deliveries/status-badge';
import { IntegrationScreen } from '@/components/integrations/integration-screen';
import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { inputClass } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { LoadingRows } from '@/components/ui/skeleton';
import { deliveriesQuery } from '@/lib/queries/deliveries';
import type { IntegrationView } from '@/lib/data/integrations';
import { useUpdateIntegration } from '@/lib/queries/integrations';
import type { EventType } from '@/lib/salesmanago/event-types';
import { eventSnippetQuery } from '../_components/event-snippet-card';
import { FireAnswer } from './fire-answer';
import { fireSnippet, type FireOutcome } from './fire-snippet';

export function LiveTestPageClient({ id, initialContactId }: { id: number; initialContactId: string }) {
  // Held above the screen frame, so a typed contact ID survives a failed refetch of the integration.
  const [contactId, setContactId] = useState(initialContactId);
  return (
    <IntegrationScreen
      id={id}
      loadingLabel="Loading…"
      description="Fire the generated snippets from this page, as a shop page would, and watch the deliveries arrive."
    >
      {(integration) => (
        <LiveTest integration={integration} contactId={contactId} onContactIdChange={setContactId} />
      )}
    </IntegrationScreen>
  );
}

function LiveTest({
  integration,
  contactId,
  onContactIdChange: setContactId,
}: {
  integration: IntegrationView;
  contactId: string;
  onContactIdChange: (contactId: string) => void;
}) {
  const id = integration.id;
  const qc = useQueryClient();
  const contactInputId = useId();
  const canManage = useCan('integrations:manage');
  const update = useUpdateIntegration(id);
  const [answer, setAnswer] = useState<{ type: EventType; outcome: FireOutcome } | null>(null);
  const origin = useSyncExternalStore(
    noop,
    () => window.location.origin,
    () => '',
  );
  // Live refresh: a website event lands in the history within a second or two.
  const recent = useQuery({
    ...deliveriesQuery({ integrationId: id, source: ['website'], limit: 10 }),
    refetchInterval: 1000,
  });

  const c = integration.collector;
  const originAllowed = c.allowedOrigins.includes(origin);

  async function fire(type: EventType) {
    if (!contactId.trim()) {
      toast.error('Enter a contact ID first: the snippet reads it from the smclient cookie.');
      return;
    }
    const html = await qc.fetchQuery(eventSnippetQuery(id, type, 'minified'));
    setAnswer(null);
    setAnswer({ type, outcome: await fireSnippet(html, contactId.trim()) });
  }

  return (
    <>
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Fire an event"
            description={`This page (${origin || 'this console'}) plays the shop’s website.`}
          />
          <CardBody className="flex flex-col gap-4">
            {!c.enabled ? (
              <Alert tone="warning" title="Website events are switched off.">
                Every event is refused until they are turned on in the{' '}
                <Link href={`/integrations/${id}/collector`} className="underline">
                  website events settings
                </Link>
                .
              </Alert>
            ) : null}
            {!originAllowed ? (
              <Alert
                tone="warning"
                title="This console is not an allowed origin."
                actions={
                  canManage ? (
                    <Button
                      size="sm"
                      // A long origin: the label wraps instead of pushing the page past a phone's width.
                      className="h-auto! min-h-8 shrink! py-1.5 text-left whitespace-normal!"
                      loading={update.isPending}
                      onClick={() =>
                        update.mutate({
                          collector: { enabled: true, allowedOrigins: [...c.allowedOrigins, origin] },
                        })
                      }
                    >
                      {c.enabled
                        ? `Allow ${origin} for testing`
                        : `Allow ${origin} for testing and turn website events on`}
                    </Button>
                  ) : null
                }
              >
                Events from {origin} are refused until it is listed among the allowed websites.
              </Alert>
            ) : null}
            <div className="flex flex-col gap-1.5">
              <label htmlFor={contactInputId} className="text-sm font-medium text-slate-800">
                Test contact ID (the smclient cookie)
              </label>
              <input
                id={contactInputId}
                className={`${inputClass} font-mono`}
                value={contactId}
                spellCheck={false}
                onChange={(e) => setContactId(e.target.value)}
              />
              <p className="text-xs text-slate-600">
                {integration.isSandbox
                  ? 'A sandbox contact made for this test page.'
                  : 'The SALESmanago contact ID of a test contact of yours (a UUID).'}
              </p>
            </div>
            <div className="flex flex-wrap gap-2" role="group" aria-label="Event types to fire">
              {c.allowedTypes.map((t) => (
                <Button
                  key={t}
                  variant="secondary"
                  size="sm"
                  // Off until the page is interactive (origin is '' in the server's HTML): an earlier click
                  // would do nothing, and the reader would think the event was fired.
                  disabled={!origin}
                  onClick={() => void fire(t as EventType)}
                >
                  Fire {t}
                </Button>
              ))}
            </div>
            <FireAnswer answer={answer} collectorEnabled={c.enabled} />
            <p className="text-xs text-slate-600">
              Only the allowed types are listed; change them in{' '}
              <Link href={`/integrations/${id}/collector`} className="underline">
                website events settings
              </Link>
              .
            </p>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Website deliveries, live" description="Refreshes every second." />
          <CardBody>
            {recent.isPending ? (
              <LoadingRows rows={3} label="Loading deliveries…" />
            ) : recent.isError ? (
              <Alert tone="danger">{recent.error.message}</Alert>
            ) : recent.data.items.length === 0 ? (
              <p className="text-sm text-slate-600">No website events yet. Fire one.</p>
            ) : (
              <ul aria-label="Recent website deliveries" className="flex flex-col divide-y divide-slate-100">
                {recent.data.items.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <Link href={`/deliveries/${d.id}`} className="text-brand-700 font-medium hover:underline">
                      #{d.id} {d.type}
                    </Link>
                    <span className="flex items-center gap-2">
                      <StatusBadge status={d.status} />
                      <LocalTime ms={d.createdAt} seconds className="text-slate-600" />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}

const noop = () => () => {};
