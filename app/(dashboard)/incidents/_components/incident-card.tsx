import Link from 'next/link';

import { IncidentCauseBadge, IncidentStateBadge } from '@/components/incidents/incident-badges';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { IncidentView } from '@/lib/data/incidents';
import { plural } from '@/lib/format';
import { CREDENTIALS_WAIT_SENTENCE } from '@/lib/incidents/describe';

/** One incident in the list: what, where, since when, and the two ways on (details, the deliveries). */
export function IncidentCard({ incident: i }: { incident: IncidentView }) {
  return (
    <Card>
      <CardBody className="flex flex-col gap-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="text-base font-semibold text-slate-900">
              <Link href={`/incidents/${i.id}`} className="hover:underline">
                {i.title}
              </Link>
            </h2>
            <p className="text-sm text-slate-700">
              {i.integrationId ? (
                <Link href={`/integrations/${i.integrationId}`} className="underline">
                  {i.integrationName}
                </Link>
              ) : (
                `${i.integrationName} (deleted)`
              )}{' '}
              · since <LocalTime ms={i.firstSeenAt} />
              {i.resolvedAt ? (
                <>
                  {' '}
                  · resolved <LocalTime ms={i.resolvedAt} />
                </>
              ) : (
                <>
                  {' '}
                  · last seen <LocalTime ms={i.lastSeenAt} />
                </>
              )}
              {i.affected ? ` · ${plural(i.affected, 'delivery', 'deliveries')} affected` : ''}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <IncidentCauseBadge cause={i.cause} />
            <IncidentStateBadge state={i.state} />
          </div>
        </div>
        {/* The consequence a marketer cares about first, before SALESmanago's reason. */}
        {i.cause === 'credentials' && i.state !== 'resolved' ? (
          <p className="text-sm font-medium text-slate-900">Sending is paused. {CREDENTIALS_WAIT_SENTENCE}</p>
        ) : null}
        <p className="text-sm text-slate-700">{i.summary}</p>
        <div className="flex flex-wrap gap-2">
          <Link href={`/incidents/${i.id}`} className={buttonClass('secondary', 'sm')}>
            Details and what to do
            <span className="sr-only">
              : {i.title}, {i.integrationName}
            </span>
          </Link>
          <Link href={i.historyHref} className={buttonClass('ghost', 'sm')}>
            See the deliveries<span className="sr-only"> of {i.integrationName}</span>
          </Link>
        </div>
      </CardBody>
    </Card>
  );
}
