import Link from 'next/link';
import { useId, type ReactNode } from 'react';

import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { CopyButton } from '@/components/ui/copy-button';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryView } from '@/lib/data/deliveries';
import { possibleDuplicateNote } from './labels';
import { STATUS_INFO, StatusBadge } from './status-badge';

/** What the panel reads of a delivery: a DeliveryView or DeliveryDetail (e.g. a send's answer) fits as is. */
export type ReasonPanelDelivery = Pick<
  DeliveryView,
  | 'status'
  | 'reason'
  | 'reasonMessage'
  | 'smEventId'
  | 'nextAttemptAt'
  | 'possibleDuplicate'
  | 'attemptCount'
  | 'replacedBy'
>;

/** Reasons whose message is a person's note (who, and why), not SALESmanago's words. */
const PERSON_NOTES = new Set(['stopped', 'marked-delivered']);

const FRAME = {
  success: 'border-emerald-200 border-l-emerald-600 bg-emerald-50/60',
  danger: 'border-red-200 border-l-red-600 bg-red-50/60',
  warning: 'border-amber-200 border-l-amber-500 bg-amber-50/60',
  info: 'border-brand-100 border-l-brand-600 bg-brand-50/60',
  neutral: 'border-slate-200 border-l-slate-400 bg-slate-50',
} as const;

const WAITING_TITLE = { queued: 'Waiting to be sent', sending: 'On its way to SALESmanago' } as const;

function titleOf(d: ReasonPanelDelivery): string {
  if (d.status === 'queued' || d.status === 'sending') return WAITING_TITLE[d.status];
  if (d.status === 'succeeded') return d.reason?.title ?? 'SALESmanago accepted the event';
  return d.reason?.title ?? STATUS_INFO[d.status].description;
}

/**
 * A delivery's outcome in plain words: status, the decoded reason (title, explanation, what to do),
 * SALESmanago's own message, the eventId it gave and, while retrying, when the next attempt is due.
 * Used by the delivery permalink and by the composer to show a send's result.
 */
export function ReasonPanel({
  delivery: d,
  headingLevel = 2,
  actions,
  className,
}: {
  delivery: ReasonPanelDelivery;
  headingLevel?: 2 | 3;
  /** Buttons shown at the panel's top right (e.g. "View in history"). */
  actions?: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // A success has no decoded reason; its explanation says what the eventId below is for.
  const explanation =
    d.reason?.explanation ||
    (d.status === 'succeeded'
      ? `SALESmanago stored the event${d.smEventId ? ' under the event ID below; an update of this event must name it' : ''}.`
      : STATUS_INFO[d.status].description);
  const fix = d.status !== 'succeeded' ? d.reason?.fix : undefined;
  const rows: Array<{ term: string; value: ReactNode }> = [];
  const add = (term: string, value: ReactNode) => rows.push({ term, value });
  if (fix) add('What to do', fix);
  if (d.status === 'retrying' && d.nextAttemptAt) {
    add(
      'Next attempt',
      <>
        <LocalTime ms={d.nextAttemptAt} seconds /> — the console retries by itself ({d.attemptCount}{' '}
        {d.attemptCount === 1 ? 'attempt' : 'attempts'} so far).
      </>,
    );
  }
  if (d.replacedBy) {
    add(
      'Replaced by',
      <Link href={`/deliveries/${d.replacedBy}`} className="text-brand-700 font-medium hover:underline">
        Delivery #{d.replacedBy}
      </Link>,
    );
  }
  if (d.reasonMessage && PERSON_NOTES.has(d.reason?.code ?? '')) {
    add('Note', d.reasonMessage);
  } else if (d.reasonMessage) {
    add(
      d.reason?.code === 'maybe-stored' ? 'What happened' : 'SALESmanago said',
      <q className="font-mono text-xs break-words">{d.reasonMessage}</q>,
    );
  }
  if (d.smEventId) {
    add(
      'SALESmanago event ID',
      <span className="flex flex-wrap items-center gap-2">
        <code className="font-mono text-xs break-all">{d.smEventId}</code>
        <CopyButton text={d.smEventId} label="Copy event ID" />
      </span>,
    );
  }
  const duplicateNote = possibleDuplicateNote(d);
  if (duplicateNote) add('Possibly duplicated', duplicateNote);

  return (
    <section
      aria-labelledby={headingId}
      className={cn('rounded-lg border border-l-4 px-5 py-4', FRAME[STATUS_INFO[d.status].tone], className)}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={d.status} />
            {d.possibleDuplicate ? <Badge tone="warning">Possibly duplicated</Badge> : null}
          </div>
          <Heading id={headingId} className="text-lg font-semibold text-slate-900">
            {titleOf(d)}
          </Heading>
          <p className="max-w-3xl text-sm text-slate-700">{explanation}</p>
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>

      {rows.length ? (
        <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_minmax(0,1fr)]">
          {rows.map(({ term, value }) => (
            <div key={term} className="space-y-0.5 sm:contents sm:space-y-0">
              <dt className="font-medium text-slate-900">{term}</dt>
              <dd className="min-w-0 text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
