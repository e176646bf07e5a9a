'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';

import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { DataTable, Td } from '@/components/ui/data-table';
import type { ChartSeries } from './chart-types';
import { WhenVisible } from './lazy-charts';

/** One cell of a chart's table: the number for a spreadsheet, its words for people, and maybe a link. */
export interface TableCell {
  value: number | string;
  text: string;
  href?: string;
}

export interface ChartTableSpec {
  caption: string;
  columns: string[];
  rows: Array<{ key: string; cells: TableCell[] }>;
}

/** A chart, or on request its numbers as a real table; the legend is HTML, readable before the chart loads. */
export function ChartCard({
  title,
  description,
  actions,
  figures,
  controls,
  series,
  chart,
  table,
  height,
  level = 2,
  footer,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** The headline numbers, above the chart. */
  figures?: ReactNode;
  /** Choices that change the chart (how its bars split), above it. */
  controls?: ReactNode;
  series: ChartSeries[];
  chart: ReactNode;
  table: ChartTableSpec;
  height: number;
  level?: 2 | 3;
  footer?: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <Card>
      <CardHeader
        level={level}
        title={title}
        description={description}
        actions={
          <>
            {actions}
            <Button variant="secondary" size="sm" onClick={() => setAsTable(!asTable)}>
              {asTable ? 'View as chart' : 'View as table'}
            </Button>
          </>
        }
      />
      <CardBody className="flex flex-col gap-4">
        {figures}
        {controls}
        {asTable ? (
          <ChartTable spec={table} />
        ) : (
          <div>
            <WhenVisible height={height}>{chart}</WhenVisible>
            <Legend series={series} />
          </div>
        )}
        {footer}
      </CardBody>
    </Card>
  );
}

function Legend({ series }: { series: ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <ul aria-label="Legend" className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-3 rounded-sm" style={{ backgroundColor: s.color }} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** The table behind a chart; copied as tab-separated values, so it pastes into a spreadsheet as cells. */
export function ChartTable({ spec }: { spec: ChartTableSpec }) {
  const tsv = [spec.columns, ...spec.rows.map((r) => r.cells.map((c) => c.value))]
    .map((line) => line.join('\t'))
    .join('\n');
  return (
    <div className="flex flex-col gap-2">
      <DataTable caption={spec.caption} columns={spec.columns} compact>
        {spec.rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <th
                  key={i}
                  scope="row"
                  className="px-3 py-2 text-left font-medium whitespace-nowrap text-slate-800"
                >
                  {cell.text}
                </th>
              ) : (
                <Td key={i} className="px-3 py-2 text-right tabular-nums">
                  {cell.href ? (
                    <Link href={cell.href} className="text-brand-700 hover:underline">
                      {cell.text}
                    </Link>
                  ) : (
                    cell.text
                  )}
                </Td>
              ),
            )}
          </tr>
        ))}
      </DataTable>
      <div className="self-end">
        <CopyButton text={tsv} label="Copy table" />
      </div>
    </div>
  );
}
