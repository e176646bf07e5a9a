import Link from 'next/link';
import type { ReactNode } from 'react';

import { SOURCE_INFO } from '@/components/deliveries/labels';
import { useTechnicalDetails } from '@/components/shell/technical-details';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import { formatDuration } from '@/lib/format';

const LINK = 'text-brand-700 font-medium hover:underline';

/** Where the delivery came from: the facts around the event itself (its resends: ResendChain). */
export function DeliveryFacts({ delivery: d }: { delivery: DeliveryDetail }) {
  const [technical] = useTechnicalDetails();
  const rows: Array<{ term: string; value: ReactNode }> = [
    {
      term: 'Integration',
      value:
        d.integrationId === null ? (
          <>{d.integrationName} (deleted)</>
        ) : (
          <Link href={`/integrations/${d.integrationId}`} className={LINK}>
            {d.integrationName}
          </Link>
        ),
    },
    {
      term: 'Source',
      value: (
        <>
          {SOURCE_INFO[d.source].label}
          <span className="block text-xs text-slate-600">{SOURCE_INFO[d.source].description}</span>
        </>
      ),
    },
    {
      term: 'Operation',
      value: d.operation === 'update' ? 'Update of an existing event' : 'Add a new event',
    },
    { term: 'Recorded', value: <LocalTime ms={d.createdAt} seconds /> },
  ];
  if (d.completedAt) rows.push({ term: 'Finished', value: <LocalTime ms={d.completedAt} seconds /> });
  rows.push({
    term: 'Last answer',
    value: [
      ...(technical ? [d.lastHttpStatus ? `HTTP ${d.lastHttpStatus}` : 'No HTTP answer'] : []),
      `took ${formatDuration(d.lastDurationMs)}`,
      `${d.attemptCount} ${d.attemptCount === 1 ? 'attempt' : 'attempts'}`,
    ].join(' · '),
  });
  // The website's own context, as the collector received it.
  if (d.pageUrl) rows.push({ term: 'Page', value: <span className="break-all">{d.pageUrl}</span> });
  if (d.origin && technical)
    rows.push({ term: 'Origin', value: <span className="break-all">{d.origin}</span> });
  if (d.userAgent && technical)
    rows.push({ term: 'Browser', value: <span className="text-xs break-words">{d.userAgent}</span> });

  return (
    <Card>
      <CardHeader title="Details" />
      <CardBody>
        <dl className="space-y-3 text-sm">
          {rows.map((r) => (
            <div key={r.term}>
              <dt className="text-slate-600">{r.term}</dt>
              <dd className="mt-0.5 min-w-0 text-slate-900">{r.value}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
