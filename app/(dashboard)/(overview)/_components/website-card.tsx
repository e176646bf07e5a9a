'use client';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { OverviewResponse, RefusalCause } from '@/lib/validations/overview';
import { bucketName, formatCount } from '../format';
import { ChartCard } from './chart-card';
import { Figures } from './figures';
import { BarsChart } from './lazy-charts';
import { REFUSALS } from './series';

const CAUSES = Object.keys(REFUSALS) as RefusalCause[];
const SERIES = [
  { key: 'accepted', label: 'Accepted', color: '#16a34a' },
  ...CAUSES.map((c) => ({
    key: c,
    label: `Refused: ${REFUSALS[c].label.toLowerCase()}`,
    color: REFUSALS[c].color,
  })),
];

/** What the shop's own JavaScript sent: accepted per day, and refused requests by cause. */
export function WebsiteCard({ data }: { data: OverviewResponse }) {
  const { website } = data;
  const refused = CAUSES.reduce((n, c) => n + website.refused[c], 0);
  const rows = website.perDay.map((d) => ({ label: d.label, accepted: d.accepted, ...d.refused }));
  const causes = CAUSES.filter((c) => website.refused[c] > 0);
  if (website.accepted === 0 && refused === 0) {
    return (
      <Card>
        <CardHeader
          title="Website events"
          description="Nothing arrived from a website's JavaScript in this period, and nothing was refused."
        />
        <CardBody className="text-sm text-slate-700">
          A shop sends its own events (carts, purchases) through the integration&apos;s website events: turn
          them on and copy the event snippet under Integrations → your integration → Website events.
        </CardBody>
      </Card>
    );
  }
  return (
    <ChartCard
      title="Website events"
      description="Events from your website's JavaScript that the console accepted, and the requests it refused. Refusals usually mean the site's code or its allowed origins need a look."
      figures={
        <>
          <Figures
            items={[
              { label: 'Accepted', value: formatCount(website.accepted) },
              { label: 'Refused', value: formatCount(refused) },
            ]}
          />
          {causes.length ? (
            <ul aria-label="Refused requests by cause" className="flex flex-col gap-1 text-sm text-slate-700">
              {causes.map((c) => (
                <li key={c}>
                  <span className="font-medium tabular-nums">{formatCount(website.refused[c])}</span>{' '}
                  {REFUSALS[c].label.toLowerCase()}: {REFUSAL_HELP[c]}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      }
      series={SERIES}
      height={200}
      table={{
        caption: 'Website events per day',
        columns: ['Day', ...SERIES.map((s) => s.label)],
        rows: website.perDay.map((d) => ({
          key: d.label,
          cells: [
            { value: d.label, text: bucketName(d.label, true) },
            { value: d.accepted, text: formatCount(d.accepted) },
            ...CAUSES.map((c) => ({ value: d.refused[c], text: formatCount(d.refused[c]) })),
          ],
        })),
      }}
      chart={
        <BarsChart
          rows={rows}
          series={SERIES}
          summary={`${formatCount(website.accepted)} website events accepted and ${formatCount(refused)} requests refused in this period.`}
          xName={(label) => bucketName(label)}
          xLongName={(label) => bucketName(label, true)}
          height={200}
        />
      }
    />
  );
}

const REFUSAL_HELP: Record<RefusalCause, string> = {
  origin: 'a page on a website that is not in the integration’s allowed origins sent them.',
  type: 'the event type is not in the integration’s allowed types.',
  'rate-limited': 'more requests arrived than the collector’s limit allows; they were not saved.',
  invalid: 'the body was not a readable event (a broken snippet, or a field SALESmanago does not know).',
};
