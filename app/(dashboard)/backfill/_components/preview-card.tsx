'use client';

import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LoadingRows } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { sourceValue } from '@/lib/backfill/mapping';
import type { PreviewResult, PreviewRow } from '@/lib/backfill/scan';
import { fieldLabel, type BackfillField, type BackfillMapping } from '@/lib/validations/backfill';
import { MAIN_FIELDS, MORE_FIELDS } from '../mapping-state';
import { ProblemList } from './problem-list';

const STATUS = {
  valid: { tone: 'success', label: '✓ Valid' },
  invalid: { tone: 'danger', label: 'Errors' },
  duplicate: { tone: 'warning', label: 'Already sent' },
} as const;

function cellText(field: BackfillField, value: unknown, dates: Intl.DateTimeFormat): string {
  if (value === undefined) return '';
  if (field === 'date' && typeof value === 'number') return dates.format(value);
  return String(value);
}

function PreviewTableRow({
  row,
  fields,
  dates,
  raw,
}: {
  row: PreviewRow;
  fields: BackfillField[];
  dates: Intl.DateTimeFormat;
  /** The cell as written, shown for fields of a row that could not be converted. */
  raw: (field: BackfillField, cells: readonly string[]) => string | undefined;
}) {
  const status = STATUS[row.status];
  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="py-2 pr-3 text-left font-mono text-xs font-normal text-slate-700">
        {row.line}
      </th>
      <td className="py-2 pr-3">
        <Badge tone={status.tone}>{status.label}</Badge>
        {row.errors?.row ? (
          <p className="mt-1 max-w-56 text-xs text-red-700">{row.errors.row.join(' ')}</p>
        ) : null}
        {row.duplicateOf ? (
          <p className="mt-1 max-w-56 text-xs text-amber-900">
            {row.duplicateOf.deliveryId
              ? `Delivery #${row.duplicateOf.deliveryId} has this order.`
              : `Repeats line ${row.duplicateOf.line}.`}
          </p>
        ) : null}
      </td>
      {fields.map((f) => {
        const errors = row.errors?.[f];
        return (
          <td key={f} className="max-w-64 py-2 pr-3 break-words">
            {errors ? (
              <span className="text-red-700">{errors.join(' ')}</span>
            ) : row.event ? (
              <span className="text-slate-900">
                {cellText(f, row.event[f as keyof NonNullable<PreviewRow['event']>], dates)}
              </span>
            ) : (
              <span className="text-slate-600">{raw(f, row.cells)}</span>
            )}
          </td>
        );
      })}
    </tr>
  );
}

/** Step 2c: the first rows as they would be sent, and what the whole file holds. Nothing is sent here. */
export function PreviewCard({
  preview,
  pending,
  fetching,
  error,
  mapping,
  timeZone,
  detailLabels,
}: {
  preview: PreviewResult | undefined;
  pending: boolean;
  fetching: boolean;
  error: Error | null;
  mapping: BackfillMapping;
  timeZone: string;
  /** The integration's names for its detail slots (Currency, not "Detail 9"). */
  detailLabels: Partial<Record<string, string>>;
}) {
  const fields = [...MAIN_FIELDS, ...MORE_FIELDS].filter((f) => mapping[f]);
  const dates = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const index = new Map((preview?.columns ?? []).map((c, i) => [c, i]));
  const raw = (f: BackfillField, cells: readonly string[]) => sourceValue(mapping[f], cells, index);
  return (
    <Card>
      <CardHeader
        title="Check the rows"
        description="Every row of the file is checked with the rules SALESmanago applies. Nothing has been sent yet."
        actions={
          <span role="status" className="text-sm text-slate-600">
            {fetching ? <Spinner label="Checking the whole file…" /> : null}
          </span>
        }
      />
      <CardBody className="flex flex-col gap-4">
        {error ? (
          <Alert tone="danger" title="The file could not be checked.">
            {error.message}
          </Alert>
        ) : null}
        {pending && !preview ? <LoadingRows rows={4} label="Checking the whole file…" /> : null}
        {preview ? (
          <>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {[
                ['Rows in the file', preview.counts.rows, 'text-slate-900'],
                ['Ready to import', preview.counts.valid, 'text-emerald-800'],
                ['With errors', preview.counts.invalid, 'text-red-700'],
                ['Already sent (skipped)', preview.counts.duplicates, 'text-amber-900'],
              ].map(([label, n, tone]) => (
                <div key={label as string} className="rounded-md border border-slate-200 px-3 py-2">
                  <dt className="text-xs text-slate-600">{label}</dt>
                  <dd className={`text-xl font-semibold ${tone as string}`}>
                    {(n as number).toLocaleString('en-US')}
                  </dd>
                </div>
              ))}
            </dl>
            <div
              className="overflow-x-auto rounded-md border border-slate-200 px-3"
              tabIndex={0}
              role="region"
              aria-label={`First ${preview.rows.length} rows`}
            >
              <table className="w-full text-sm">
                <caption className="sr-only">The first rows of the file as they would be sent</caption>
                <thead>
                  <tr className="text-left text-xs tracking-wide text-slate-600 uppercase">
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Line
                    </th>
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Check
                    </th>
                    {fields.map((f) => (
                      <th key={f} scope="col" className="py-2 pr-3 font-semibold whitespace-nowrap">
                        {detailLabels[f] ?? fieldLabel(f)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row) => (
                    <PreviewTableRow key={row.line} row={row} fields={fields} dates={dates} raw={raw} />
                  ))}
                </tbody>
              </table>
            </div>
            <ProblemList
              title="Problems in the whole file"
              problems={preview.problems}
              more={preview.moreProblems}
              total={preview.counts.invalid + preview.counts.duplicates}
            />
          </>
        ) : null}
      </CardBody>
    </Card>
  );
}
