'use client';

// The recharts part of the overview, in a module of its own: lazy-charts.tsx loads it (next/dynamic, no
// server render) only once a chart scrolls into view, so the overview's first load carries none of it.
// Charts are pictures: role="img" with a summary, no keyboard layer of their own. Their numbers, and the
// links a bar click opens, are in each chart's "View as table", a real table that keyboards and screen
// readers use.
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

import type { ChartRow, ChartSeries } from './chart-types';

interface ChartProps {
  rows: ChartRow[];
  series: ChartSeries[];
  /** A sentence saying what the picture shows, for screen readers. */
  summary: string;
  xName: (label: string) => string;
  /** The tooltip's longer name for a bar or point (a whole date). */
  xLongName?: (label: string) => string;
  yFormat?: (n: number) => string;
  height?: number;
}

const AXIS = { fontSize: 12, fill: '#475569' };
const GRID = '#e2e8f0';

function ChartTooltip({
  active,
  label,
  payload,
  series,
  xLongName,
  yFormat,
}: {
  active?: boolean;
  label?: string | number;
  payload?: ReadonlyArray<{ dataKey?: unknown; value?: unknown }>;
  series: ChartSeries[];
  xLongName: (label: string) => string;
  yFormat: (n: number) => string;
}) {
  if (!active || !payload?.length) return null;
  const values = new Map(payload.map((p) => [String(p.dataKey), Number(p.value ?? 0)]));
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-800 shadow-md">
      <p className="mb-1 font-medium">{xLongName(String(label))}</p>
      <ul>
        {series
          .filter((s) => values.has(s.key))
          .map((s) => (
            <li key={s.key} className="flex items-center gap-2">
              <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ backgroundColor: s.color }} />
              <span>{s.label}</span>
              <span className="ml-auto pl-3 tabular-nums">{yFormat(values.get(s.key) ?? 0)}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}

const plain = (n: number) => n.toLocaleString('en-US');

/** The picture's box, grid, axes and tooltip, shared by both kinds; the bars or lines are the children. */
function Frame({
  kind,
  rows,
  series,
  summary,
  xName,
  xLongName = xName,
  yFormat = plain,
  height,
  allowDecimals,
  children,
}: ChartProps & { kind: 'bars' | 'lines'; height: number; allowDecimals: boolean; children: ReactNode }) {
  const Chart = kind === 'bars' ? BarChart : LineChart;
  return (
    <div role="img" aria-label={summary} style={{ height }}>
      <Chart
        responsive
        style={{ width: '100%', height: '100%' }}
        data={rows}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis
          dataKey="label"
          tickFormatter={xName}
          tick={AXIS}
          tickLine={false}
          minTickGap={12}
          // A point sits on the axis at either end: without room its day's name runs into the y axis.
          padding={kind === 'lines' ? { left: 16, right: 16 } : undefined}
        />
        <YAxis
          tickFormatter={yFormat}
          tick={AXIS}
          tickLine={false}
          axisLine={false}
          width={64}
          allowDecimals={allowDecimals}
        />
        <Tooltip
          cursor={kind === 'bars' ? { fill: '#f1f5f9' } : undefined}
          content={<ChartTooltip series={series} xLongName={xLongName} yFormat={yFormat} />}
        />
        {children}
      </Chart>
    </div>
  );
}

/** Counts per bucket, stacked (or side by side); a click on a part tells which bucket and series. */
export function BarsChart({
  stacked = true,
  onBarClick,
  height = 240,
  ...props
}: ChartProps & { stacked?: boolean; onBarClick?: (row: number, key: string) => void }) {
  return (
    <Frame kind="bars" height={height} allowDecimals={false} {...props}>
      {props.series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stackId={stacked ? 'all' : undefined}
          fill={s.color}
          isAnimationActive={false}
          cursor={onBarClick ? 'pointer' : undefined}
          onClick={onBarClick ? (_bar, index) => onBarClick(index, s.key) : undefined}
          className={`bar-${s.key}`}
        />
      ))}
    </Frame>
  );
}

/** Amounts or counts per day, one line per series. */
export function LinesChart({
  height = 200,
  allowDecimals = true,
  ...props
}: ChartProps & { allowDecimals?: boolean }) {
  return (
    <Frame kind="lines" height={height} allowDecimals={allowDecimals} {...props}>
      {props.series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stroke={s.color}
          strokeWidth={2}
          // Dots mark each day of a short period; on a month they would crowd into a bead string.
          dot={props.rows.length <= 14}
          isAnimationActive={false}
        />
      ))}
    </Frame>
  );
}
