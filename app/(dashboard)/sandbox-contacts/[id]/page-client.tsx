'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { JsonBlock } from '@/components/ui/json-block';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import type { SandboxEventVia, SandboxEventView } from '@/lib/data/sandbox-contacts';
import { EVENT_TYPE_INFO, isEventType } from '@/lib/salesmanago/event-types';
import { sandboxContactQuery } from '@/lib/queries/sandbox';
import { plural } from '@/lib/format';

const VIA_LABELS: Record<SandboxEventVia, string> = {
  v2: 'API v2',
  legacy: 'Legacy API',
  batch: 'Batch (v2)',
  'batch-legacy': 'Batch (legacy)',
  other: 'Other path',
};

export function SandboxContactPageClient({ id }: { id: string }) {
  const { data, isPending, isError, error } = useQuery(sandboxContactQuery(id));

  if (isPending) return <LoadingRows label="Loading the contact…" />;
  if (isError) return <LoadError title="The contact could not be loaded." error={error} />;

  const { contact, events } = data;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/sandbox-contacts" className="hover:underline">
            Sandbox contacts
          </Link>
        }
        title={<span className="break-all">{contact.email ?? 'Contact without email'}</span>}
        description={
          <>
            <span className="flex flex-wrap items-center gap-2">
              Contact ID <code className="font-mono text-xs break-all text-slate-800">{contact.id}</code>
              <CopyButton text={contact.id} label="Copy contact ID" />
            </span>
            <span className="mt-1 block">
              Created <LocalTime ms={contact.createdAt} />
            </span>
          </>
        }
        actions={
          contact.email ? (
            <Link
              href={`/deliveries?q=${encodeURIComponent(contact.email)}`}
              className={buttonClass('secondary')}
            >
              Deliveries to this contact
            </Link>
          ) : null
        }
      />
      <section aria-labelledby="contact-events-heading">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="contact-events-heading" className="text-lg font-semibold text-slate-900">
            Events received
          </h2>
          <p className="text-sm text-slate-600">
            {contact.eventCount > events.length
              ? `The newest ${events.length} of ${plural(contact.eventCount, 'event')}.`
              : `${contact.eventCount} ${contact.eventCount === 1 ? 'event' : 'events'}, newest first.`}
          </p>
        </div>
        {events.length === 0 ? (
          <EmptyState title="No events yet">
            The sandbox knows this contact but stored no event for it.
          </EmptyState>
        ) : (
          <ol className="space-y-4">
            {events.map((e) => (
              <li key={e.id}>
                <SandboxEvent event={e} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function SandboxEvent({ event: e }: { event: SandboxEventView }) {
  const headingId = `event-${e.id}`;
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-5 py-3">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          <code className="font-mono">{e.type}</code>
          {isEventType(e.type) ? (
            <span className="font-normal text-slate-600"> · {EVENT_TYPE_INFO[e.type].label}</span>
          ) : null}
        </h3>
        <Badge tone="neutral">{VIA_LABELS[e.via]}</Badge>
        {e.updatedAt ? <Badge tone="info">Updated</Badge> : null}
      </header>
      <div className="grid gap-4 px-5 py-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-slate-600">Event date</dt>
            <dd className="text-slate-900">{e.eventDate ? <LocalTime ms={e.eventDate} seconds /> : '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Event ID</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs break-all text-slate-900">{e.id}</code>
              <CopyButton text={e.id} label="Copy event ID" />
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Received</dt>
            <dd className="text-slate-900">
              <LocalTime ms={e.createdAt} seconds />
            </dd>
          </div>
          {e.updatedAt ? (
            <div>
              <dt className="text-slate-600">Last updated</dt>
              <dd className="text-slate-900">
                <LocalTime ms={e.updatedAt} seconds />
              </dd>
            </div>
          ) : null}
          <div>
            <dt className="text-slate-600">Received through</dt>
            <dd className="font-mono text-xs break-all text-slate-900">{e.path}</dd>
          </div>
        </dl>
        <div className="min-w-0 space-y-2">
          <h4 className="text-sm font-semibold text-slate-900">Stored fields</h4>
          <JsonBlock value={e.event} label={`Stored fields of event ${e.id}`} />
        </div>
      </div>
    </article>
  );
}
