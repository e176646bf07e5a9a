import Link from 'next/link';

import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

/** A console that has never sent anything: the two ways the first events arrive. */
export function FirstSteps({ canSend, snippetHref }: { canSend: boolean; snippetHref: string | null }) {
  return (
    <EmptyState
      title="No events yet"
      action={
        <div className="flex flex-wrap justify-center gap-2">
          {canSend ? (
            <Link href="/send" className={buttonClass('primary')}>
              Send a first event
            </Link>
          ) : null}
          {snippetHref ? (
            <Link href={snippetHref} className={buttonClass('secondary')}>
              Get the monitoring code
            </Link>
          ) : null}
        </div>
      }
    >
      This page shows how your events are doing and what they are worth, once there are some.{' '}
      {canSend
        ? 'Send one by hand (the Sandbox integration needs no SALESmanago account), or put the monitoring code on your website so its visits and events arrive on their own.'
        : 'Events appear here once someone sends one or the monitoring code is on your website.'}
    </EmptyState>
  );
}
