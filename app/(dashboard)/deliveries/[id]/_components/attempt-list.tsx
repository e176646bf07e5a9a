import { useId } from 'react';

import { OUTCOME_INFO } from '@/components/deliveries/labels';
import { Technical, useTechnicalDetails } from '@/components/shell/technical-details';
import { Badge } from '@/components/ui/badge';
import { JsonBlock } from '@/components/ui/json-block';
import { LocalTime } from '@/components/ui/local-time';
import type { AttemptView } from '@/lib/data/deliveries';
import { formatDuration } from '@/lib/format';

/**
 * One attempt: what was sent and what came back, side by side on a wide screen. The request is the
 * stored one, already redacted when it was recorded (apiKey and sha masked); it is shown as stored.
 */
export function AttemptItem({ attempt: a, bodiesRemoved }: { attempt: AttemptView; bodiesRemoved: boolean }) {
  const headingId = useId();
  const outcome = OUTCOME_INFO[a.outcome];
  const [technical] = useTechnicalDetails();
  const explained = !!a.reason && a.outcome !== 'succeeded';
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <header
        className={`flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 ${explained || technical ? 'border-b border-slate-200' : ''}`}
      >
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          Attempt {a.number}
        </h3>
        <Badge tone={outcome.tone}>{outcome.label}</Badge>
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
          <div className="flex gap-1">
            <dt className="text-slate-600">Started</dt>
            <dd>
              <LocalTime ms={a.startedAt} seconds />
            </dd>
          </div>
          <Technical>
            <div className="flex gap-1">
              <dt className="text-slate-600">HTTP</dt>
              <dd className="font-mono">{a.httpStatus ?? '—'}</dd>
            </div>
          </Technical>
          <div className="flex gap-1">
            <dt className="text-slate-600">Took</dt>
            <dd>{formatDuration(a.durationMs)}</dd>
          </div>
          {a.batchSize ? (
            <div className="flex gap-1">
              <dt className="text-slate-600">Batch of</dt>
              <dd>{a.batchSize}</dd>
            </div>
          ) : null}
        </dl>
      </header>
      {/* Nothing to show for a plain success while technical details are off: no empty box. */}
      {explained || technical ? (
        <div className="space-y-4 px-5 py-4">
          {explained && a.reason ? (
            <p className="text-sm text-slate-800">
              <span className="font-semibold">{a.reason.title}.</span> {a.message ?? a.reason.explanation}
            </p>
          ) : null}
          <Technical>
            <div className="grid gap-4 lg:grid-cols-2">
              <section aria-label={`Request of attempt ${a.number}`} className="min-w-0 space-y-2">
                <h4 className="text-sm font-semibold text-slate-900">Request</h4>
                <p className="font-mono text-xs break-all text-slate-700">POST {a.url}</p>
                {bodiesRemoved ? (
                  <RemovedBody />
                ) : (
                  <JsonBlock value={a.request} label={`Request body of attempt ${a.number}`} />
                )}
              </section>
              <section aria-label={`Response of attempt ${a.number}`} className="min-w-0 space-y-2">
                <h4 className="text-sm font-semibold text-slate-900">Response</h4>
                <p className="text-xs text-slate-700">
                  {a.httpStatus ? `HTTP ${a.httpStatus}` : 'No HTTP answer'}
                  {a.responseTruncated ? ' · cut off: only the start of a long answer is kept' : ''}
                </p>
                {bodiesRemoved ? (
                  <RemovedBody />
                ) : a.responseBody !== null && a.responseBody !== '' ? (
                  <JsonBlock value={a.responseBody} label={`Response body of attempt ${a.number}`} />
                ) : (
                  <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-sm text-slate-600">
                    {a.outcome === 'in-flight'
                      ? 'Waiting for the answer…'
                      : a.httpStatus
                        ? 'The answer was empty.'
                        : 'Nothing came back: see the reason above.'}
                  </p>
                )}
              </section>
            </div>
          </Technical>
        </div>
      ) : null}
    </article>
  );
}

/** Where a stored body was, once retention removed it (lib/data/retention-sweep.ts). */
function RemovedBody() {
  return (
    <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-sm text-slate-600">
      Removed by retention.
    </p>
  );
}

/** Every attempt of a delivery, oldest first, so the list reads as the story of what happened. */
export function AttemptList({
  attempts,
  bodiesRemoved = false,
}: {
  attempts: AttemptView[];
  /** Retention removed the stored bodies: say so instead of showing an empty request. */
  bodiesRemoved?: boolean;
}) {
  if (attempts.length === 0) {
    return <p className="text-sm text-slate-600">No attempt yet: the delivery is waiting to be sent.</p>;
  }
  return (
    <ol className="space-y-4">
      {attempts.map((a) => (
        <li key={a.id}>
          <AttemptItem attempt={a} bodiesRemoved={bodiesRemoved} />
        </li>
      ))}
    </ol>
  );
}
