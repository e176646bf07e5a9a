'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { CopyableCode } from '@/components/snippet/copyable-code';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { inputClass } from '@/components/ui/field';
import { LoadError } from '@/components/ui/load-error';
import { Skeleton } from '@/components/ui/skeleton';
import type { IntegrationView } from '@/lib/data/integrations';
import { apiFetch } from '@/lib/queries/fetcher';
import { EVENT_TYPE_INFO, ORDERED_EVENT_TYPES, type EventType } from '@/lib/salesmanago/event-types';
import { EventPlacement } from './event-placement';

export const eventSnippetQuery = (id: number, type: EventType, format: 'readable' | 'minified') => ({
  queryKey: ['integrations', 'detail', id, 'event-snippet', type, format] as const,
  queryFn: () =>
    apiFetch<{ html: string }>(`/api/integrations/${id}/event-snippet?type=${type}&format=${format}`).then(
      (r) => r.html,
    ),
});

/** The per-type script a developer pastes after the monitoring code, with the same copy and placement help. */
export function EventSnippetCard({ integration }: { integration: IntegrationView }) {
  const typeId = useId();
  const [type, setType] = useState<EventType>(
    integration.collector.allowedTypes.includes('CART') ? 'CART' : 'PURCHASE',
  );
  const [format, setFormat] = useState<'readable' | 'minified'>('readable');
  const snippet = useQuery(eventSnippetQuery(integration.id, type, format));
  const allowed = integration.collector.allowedTypes.includes(type);

  const toolbar = (
    <div className="flex flex-wrap items-end gap-4">
      <div className="flex flex-col gap-1.5">
        <label htmlFor={typeId} className="text-sm font-medium text-slate-800">
          Event type
        </label>
        <select
          id={typeId}
          className={`${inputClass} w-64`}
          value={type}
          onChange={(e) => setType(e.target.value as EventType)}
        >
          {ORDERED_EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVENT_TYPE_INFO[t].label} ({t})
            </option>
          ))}
        </select>
      </div>
      <fieldset className="flex gap-3 pb-2 text-sm">
        <legend className="sr-only">Format</legend>
        {(['readable', 'minified'] as const).map((f) => (
          <label key={f} className="flex items-center gap-1.5">
            <input
              type="radio"
              name="snippet-format"
              className="accent-brand-600"
              checked={format === f}
              onChange={() => setFormat(f)}
            />
            {f === 'readable' ? 'Readable' : 'Minified'}
          </label>
        ))}
      </fieldset>
    </div>
  );

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader
          title="Event snippet"
          description="Paste it after the monitoring code. Pasted unchanged, it sends a valid example event."
        />
        <CardBody className="flex flex-col gap-4">
          {!integration.collector.enabled ? (
            <Alert tone="warning">
              Website events are switched off: events from this snippet are refused until an admin turns them
              on.
            </Alert>
          ) : !allowed ? (
            <Alert tone="warning">
              {type} is not an allowed type: website events refuse it until it is allowed.
            </Alert>
          ) : null}
          {snippet.isError ? (
            <LoadError title="The snippet could not be loaded." error={snippet.error} />
          ) : snippet.data === undefined ? (
            <Skeleton className="h-64 w-full" />
          ) : (
            <CopyableCode
              code={snippet.data}
              label={`${type} event snippet`}
              busy={snippet.isFetching}
              toolbar={toolbar}
              copyLabel="Copy snippet"
            />
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Where it goes" />
        <CardBody>
          <EventPlacement type={type} />
        </CardBody>
      </Card>
    </div>
  );
}
