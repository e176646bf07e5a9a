'use client';

import { useQuery } from '@tanstack/react-query';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { VerificationTrigger } from '@/db/enums';
import { verificationsQuery } from '@/lib/queries/incidents';

const WHY: Record<VerificationTrigger, string> = {
  manual: 'Verify',
  schedule: 'Scheduled check',
  refusal: 'After a refusal',
  edit: 'After an edit',
};

/** The credential checks of this integration: by hand, every 6 hours, after a refusal or an edit. */
export function CheckHistoryCard({ integrationId }: { integrationId: number }) {
  const { data } = useQuery({ ...verificationsQuery(integrationId), refetchInterval: 15_000 });
  return (
    <Card>
      <CardHeader
        title="Recent checks"
        description="The console checks the credentials every 6 hours and right after SALESmanago refuses them."
      />
      <CardBody>
        {!data ? null : data.length === 0 ? (
          <p className="text-sm text-slate-600">No check yet.</p>
        ) : (
          <ul aria-label="Recent credential checks" className="flex flex-col gap-2">
            {data.map((v) => (
              <li key={v.id} className="text-sm">
                <span className={v.ok ? 'font-medium text-emerald-800' : 'font-medium text-red-800'}>
                  {v.ok ? '✓ Passed' : '✗ Failed'}
                </span>{' '}
                <span className="text-slate-700">
                  · {WHY[v.trigger]} · <LocalTime ms={v.at} />
                </span>
                {v.message ? <p className="text-slate-600">{v.message}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
