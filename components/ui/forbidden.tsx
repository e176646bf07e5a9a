import Link from 'next/link';

import { buttonClass } from './button';
import { EmptyState } from './empty-state';

export function Forbidden({ what }: { what: string }) {
  return (
    <EmptyState
      title="Your role does not allow this"
      action={
        <Link href="/integrations" className={buttonClass('secondary')}>
          Back to integrations
        </Link>
      }
    >
      {what} Ask an admin if you need it.
    </EmptyState>
  );
}
