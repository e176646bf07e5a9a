'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { inputClass } from '@/components/ui/field';
import { Skeleton } from '@/components/ui/skeleton';
import type { IntegrationView } from '@/lib/data/integrations';
import { apiFetch } from '@/lib/queries/fetcher';
import { EVENT_SNIPPET_PLACEMENT } from '@/lib/salesmanago/event-snippet';
import { EVENT_TYPE_INFO, ORDERED_EVENT_TYPES, type EventType } from '@/lib/salesmanago/event-types';

export const eventSnippetQuery = (id: number, type: EventType, format: 'readable' | 'minified') => ({
  queryKey: ['integrations', 'detail', id, 'event-snippet', type, format] as const,
  queryFn: () =>
    apiFetch<{ html: string }>(`/api/integrations/${id}/event-snippet?type=${type}&format=${format}`).then(
      (r) => r.html,
    ),
});

/** The per-type script a developer pastes after the monitoring code. */
export function EventSnippetCard({ integration }: { integration: IntegrationView }) {
  const typeId = useId();
  const [type, setType] = useState<EventType>(
    integration.collector.allowedTypes.includes('CART') ? 'CART' : 'PURCHASE',
  );
  const [format, setFormat] = useState<'readable' | 'minified'>('readable');
  const snippet = useQuery(eventSnippetQuery(integration.id, type, format));
  const allowed = integration.collector.allowedTypes.includes(type);

  return (
    <Card>
      <CardHeader
        title="Event snippet"
        description="Paste it after the monitoring code. Pasted unchanged, it sends a valid example event."
      />
      <CardBody className="flex flex-col gap-4">
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
          <fieldset className="flex gap-3 text-sm">
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
        <p className="text-sm text-slate-700">
          <span className="font-medium">Where:</span> {EVENT_SNIPPET_PLACEMENT[type]}
        </p>
        {!integration.collector.enabled ? (
          <Alert tone="warning">
            The collector is switched off: events from this snippet are refused until an admin turns it on.
          </Alert>
        ) : !allowed ? (
          <Alert tone="warning">
            {type} is not an allowed type: the collector refuses it (403) until it is allowed.
          </Alert>
        ) : null}
        {snippet.isPending ? (
          <Skeleton className="h-64 w-full" />
        ) : snippet.isError ? (
          <Alert tone="danger" title="The snippet could not be loaded.">
            {snippet.error.message}
          </Alert>
        ) : (
          <>
            <pre
              aria-label={`${type} event snippet`}
              tabIndex={0}
              className="max-h-[28rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed whitespace-pre text-slate-800"
            >
              {snippet.data}
            </pre>
            <div>
              <CopyButton text={snippet.data} label="Copy snippet" />
            </div>
          </>
        )}
      </CardBody>
    </Card>
  );
}
