'use client';

import { useRouter } from 'next/navigation';

import { Segmented } from '@/components/ui/segmented';
import type { OverviewResponse } from '@/lib/validations/overview';
import { bucketName, formatCount } from '../format';
import { STACK_BY, type StackBy } from '../overview-href';
import { ChartCard, type ChartTableSpec } from './chart-card';
import { BarsChart } from './lazy-charts';
import { bucketHistoryHref, timelineSplit } from './series';

const STACK_OPTIONS = (Object.keys(STACK_BY) as StackBy[]).map((value) => ({
  value,
  label: STACK_BY[value],
}));

/** Deliveries per day (per hour for a short period), each bar split by outcome, type or source. */
export function EventsOverTime({
  data,
  stack,
  onStack,
}: {
  data: OverviewResponse;
  stack: StackBy;
  onStack: (stack: StackBy) => void;
}) {
  const router = useRouter();
  const { timeline, integrationId } = data;
  const split = timelineSplit(timeline, stack);
  const hourly = data.period.bucket === 'hour';
  const rows = timeline.map((b) => ({
    label: b.label,
    ...Object.fromEntries(split.series.map((s) => [s.key, split.count(b, s.key)])),
  }));
  const total = timeline.reduce((n, b) => n + Object.values(b.byOutcome).reduce((a, c) => a + c, 0), 0);
  const first = timeline[0];
  const last = timeline.at(-1);
  const span = first && last ? `${bucketName(first.label, true)} to ${bucketName(last.label, true)}` : '';

  const table: ChartTableSpec = {
    caption: `Events per ${hourly ? 'hour' : 'day'} by ${STACK_BY[stack].toLowerCase()}`,
    columns: [hourly ? 'Hour' : 'Day', ...split.series.map((s) => s.label), 'Total'],
    rows: timeline.map((b) => {
      const counts = split.series.map((s) => split.count(b, s.key));
      return {
        key: b.label,
        cells: [
          { value: b.label, text: bucketName(b.label, true) },
          ...split.series.map((s, i) => {
            const n = counts[i] ?? 0;
            return {
              value: n,
              text: formatCount(n),
              href: n > 0 ? bucketHistoryHref(b, integrationId, split.filters(b, s.key)) : undefined,
            };
          }),
          (() => {
            const n = counts.reduce((a, c) => a + c, 0);
            return {
              value: n,
              text: formatCount(n),
              href: n > 0 ? bucketHistoryHref(b, integrationId) : undefined,
            };
          })(),
        ],
      };
    }),
  };

  return (
    <ChartCard
      title="Events over time"
      description={`Every event the console sent or is sending, per ${hourly ? 'hour' : 'day'} of sending. Click a bar to open those deliveries in the history.`}
      controls={
        <Segmented
          legend="Split the bars by"
          showLegend
          options={STACK_OPTIONS}
          value={stack}
          onChange={onStack}
        />
      }
      series={split.series}
      height={260}
      table={table}
      chart={
        <BarsChart
          rows={rows}
          series={split.series}
          summary={`${formatCount(total)} events from ${span}, split by ${STACK_BY[stack].toLowerCase()}.`}
          xName={(label) => bucketName(label)}
          xLongName={(label) => bucketName(label, true)}
          height={260}
          onBarClick={(index, key) => {
            const bucket = timeline[index];
            if (bucket) router.push(bucketHistoryHref(bucket, integrationId, split.filters(bucket, key)));
          }}
        />
      }
    />
  );
}
