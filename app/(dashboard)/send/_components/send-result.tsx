'use client';

import Link from 'next/link';

import { ReasonPanel } from '@/components/deliveries/reason-panel';
import { Alert } from '@/components/ui/alert';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import type { DryRunResult } from '@/lib/delivery/compose';

/** What happened to the last send or validation, in plain words with the fix. */
export function SendResult({ result }: { result: DeliveryDetail | DryRunResult }) {
  if ('dryRun' in result) {
    return (
      <Alert
        tone={result.warnings.length ? 'warning' : 'success'}
        title="All checks passed. Nothing was sent."
      >
        <p>
          The event is valid and would be sent as shown in the preview (
          {result.operation === 'update' ? 'an update' : 'a new event'}).
        </p>
        {result.warnings.length ? (
          <ul className="mt-2 list-disc pl-5">
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </Alert>
    );
  }
  return (
    <ReasonPanel
      delivery={result}
      headingLevel={3}
      actions={
        <Link href={`/deliveries/${result.id}`} className="text-sm font-medium underline">
          Open delivery #{result.id} in the history
        </Link>
      }
    />
  );
}
