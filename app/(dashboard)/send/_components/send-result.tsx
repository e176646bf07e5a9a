'use client';

import Link from 'next/link';

import { StatusBadge } from '@/components/deliveries/status-badge';
import { Alert } from '@/components/ui/alert';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import type { DryRunResult } from '@/lib/delivery/compose';

const TONE = {
  succeeded: 'success',
  failed: 'danger',
  retrying: 'warning',
  queued: 'info',
  sending: 'info',
} as const;

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
  const d = result;
  return (
    <Alert
      tone={TONE[d.status]}
      title={
        <span className="flex flex-wrap items-center gap-2">
          <StatusBadge status={d.status} />
          {d.status === 'succeeded'
            ? 'SALESmanago accepted the event.'
            : (d.reason?.title ?? 'Not delivered yet.')}
        </span>
      }
    >
      <div className="flex flex-col gap-1.5">
        {d.status === 'succeeded' ? (
          <p>
            SALESmanago event ID: <span className="font-mono break-all">{d.smEventId ?? '—'}</span>
          </p>
        ) : d.reason ? (
          <>
            <p>{d.reason.explanation}</p>
            {d.reasonMessage ? <p>SALESmanago said: “{d.reasonMessage}”</p> : null}
            <p>
              <span className="font-semibold">What to do:</span> {d.reason.fix}
            </p>
          </>
        ) : null}
        {d.status === 'retrying' && d.nextAttemptAt ? (
          <p>
            Next attempt <LocalTime ms={d.nextAttemptAt} seconds />.
          </p>
        ) : null}
        <p>
          <Link href={`/deliveries/${d.id}`} className="font-medium underline">
            Open delivery #{d.id} in the history
          </Link>
        </p>
      </div>
    </Alert>
  );
}
