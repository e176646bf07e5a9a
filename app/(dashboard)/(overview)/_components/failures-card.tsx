import Link from 'next/link';

import { Technical } from '@/components/shell/technical-details';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { OverviewResponse } from '@/lib/validations/overview';
import { formatCount } from '../format';
import { bucketHistoryHref } from './series';

/** Why deliveries failed in the period, most frequent first, each with its fix and its history. */
export function FailuresCard({ data }: { data: OverviewResponse }) {
  const { failures, period, integrationId } = data;
  const total = failures.reduce((n, f) => n + f.count, 0);
  return (
    <Card>
      <CardHeader
        title="Failures by reason"
        description={
          total === 0
            ? 'Nothing failed in this period.'
            : `${formatCount(total)} failed ${total === 1 ? 'delivery' : 'deliveries'} in this period, by what went wrong.`
        }
      />
      {failures.length ? (
        <CardBody>
          <ul className="flex flex-col divide-y divide-slate-100" aria-label="Failure reasons">
            {failures.map((f) => (
              <li key={f.reason} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0">
                <p className="font-medium text-slate-900">
                  <span className="mr-2 inline-block min-w-8 rounded-full bg-red-50 px-2 text-center text-sm font-semibold text-red-800 tabular-nums ring-1 ring-red-200">
                    {formatCount(f.count)}
                  </span>
                  {f.title}
                  <Technical>
                    <code className="ml-2 font-mono text-xs font-normal text-slate-600">{f.reason}</code>
                  </Technical>
                </p>
                <p className="text-sm text-slate-700">{f.fix}</p>
                <Link
                  href={bucketHistoryHref({ start: period.from, end: period.to }, integrationId, {
                    reason: [f.reason],
                    status: ['failed'],
                  })}
                  className="text-brand-700 self-start text-sm font-medium hover:underline"
                >
                  See them in the history
                  <span className="sr-only">: {f.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        </CardBody>
      ) : null}
    </Card>
  );
}
