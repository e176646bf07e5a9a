'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { useCan } from '@/components/shell/user-context';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { contactTimelineQuery } from '@/lib/queries/contacts';
import { EraseContact } from './_components/erase-contact';
import { TimelineList } from './_components/timeline-list';

export function ContactPageClient({ contact }: { contact: string }) {
  const canErase = useCan('contacts:erase');
  const [cursors, setCursors] = useState<Array<number | undefined>>([undefined]);
  const [erased, setErased] = useState<string | null>(null);
  const cursor = cursors.at(-1);
  const { data, isPending, isError, error } = useQuery(contactTimelineQuery(contact, cursor));

  const header = (
    <PageHeader
      eyebrow={
        <Link href="/contacts" className="hover:underline">
          Contacts
        </Link>
      }
      title={<span className="break-all">{contact}</span>}
      description="Every event sent for this contact, across all integrations, newest first."
      actions={
        canErase && data?.items.length && !erased ? (
          <EraseContact contact={contact} onErased={setErased} />
        ) : null
      }
    />
  );

  if (erased) {
    return (
      <>
        {header}
        <EmptyState title="The contact was erased">{erased}</EmptyState>
      </>
    );
  }
  if (isPending)
    return (
      <>
        {header}
        <LoadingRows label="Loading the timeline…" />
      </>
    );
  if (isError)
    return (
      <>
        {header}
        <LoadError title="The timeline could not be loaded." error={error} />
      </>
    );
  return (
    <>
      {header}
      {data.items.length === 0 ? (
        <EmptyState title="No event was sent for this contact">
          The history files an event under its contact ID when it has one, otherwise under its email. Check
          the spelling, or try the other one.
        </EmptyState>
      ) : (
        <>
          <TimelineList items={data.items} />
          <div className="mt-4 flex gap-2">
            {cursors.length > 1 ? (
              <Button variant="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
                Newer events
              </Button>
            ) : null}
            {data.nextCursor ? (
              <Button variant="secondary" onClick={() => setCursors((c) => [...c, data.nextCursor!])}>
                Older events
              </Button>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
