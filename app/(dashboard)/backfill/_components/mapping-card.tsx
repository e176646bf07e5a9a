'use client';

import { useId } from 'react';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { inputClass } from '@/components/ui/field';
import { sourceValue } from '@/lib/backfill/mapping';
import { ORDERED_EVENT_TYPES } from '@/lib/salesmanago/event-types';
import {
  fieldLabel,
  type BackfillField,
  type BackfillMapping,
  type MappingSource,
} from '@/lib/validations/backfill';
import {
  choiceOf,
  FIELD_HINTS,
  MAIN_FIELDS,
  MORE_FIELDS,
  sourceOf,
  type SourceChoice,
} from '../mapping-state';

interface RowProps {
  field: BackfillField;
  detailLabels: Partial<Record<string, string>>;
  source: MappingSource | undefined;
  columns: readonly string[];
  sample: readonly string[] | undefined;
  index: ReadonlyMap<string, number>;
  issue: string | undefined;
  onChange: (field: BackfillField, source: MappingSource | undefined) => void;
}

function MappingRow({ field, detailLabels, source, columns, sample, index, issue, onChange }: RowProps) {
  const id = useId();
  const named = detailLabels[field];
  const label = named ?? fieldLabel(field);
  const hint = FIELD_HINTS[field];
  const describedBy =
    [hint ? `${id}-hint` : '', issue ? `${id}-issue` : ''].filter(Boolean).join(' ') || undefined;
  const example = source && 'column' in source && sample ? sourceValue(source, sample, index) : undefined;
  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="py-3 pr-4 text-left font-medium whitespace-nowrap text-slate-900">
        <label htmlFor={id}>{label}</label>
        {named ? <code className="ml-1.5 text-xs font-normal text-slate-600">{field}</code> : null}
        {hint ? (
          <p
            id={`${id}-hint`}
            className="mt-0.5 max-w-56 text-xs font-normal whitespace-normal text-slate-600"
          >
            {hint}
          </p>
        ) : null}
      </th>
      <td className="py-3 pr-4">
        <div className="flex flex-col gap-2">
          <select
            id={id}
            className={inputClass}
            value={choiceOf(source)}
            aria-invalid={issue ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => onChange(field, sourceOf(e.target.value as SourceChoice, source))}
          >
            <option value="">Not imported</option>
            <option value="constant">
              {field === 'type' ? 'One type for the whole file' : 'A fixed value'}
            </option>
            <optgroup label="Columns of the file">
              {columns.map((c) => (
                <option key={c} value={`column:${c}`}>
                  {c}
                </option>
              ))}
            </optgroup>
          </select>
          {source && 'constant' in source ? (
            field === 'type' ? (
              <select
                aria-label="Event type for every row"
                className={inputClass}
                value={source.constant}
                onChange={(e) => onChange(field, { constant: e.target.value })}
              >
                {ORDERED_EVENT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={`${label}: fixed value`}
                className={inputClass}
                value={source.constant}
                onChange={(e) => onChange(field, { constant: e.target.value })}
              />
            )
          ) : null}
          {issue ? (
            <p id={`${id}-issue`} className="text-sm text-red-700">
              {issue}
            </p>
          ) : null}
        </div>
      </td>
      <td className="max-w-48 truncate py-3 font-mono text-xs text-slate-700">
        {example === undefined ? (
          ''
        ) : example === '' ? (
          <span className="text-slate-500">(empty)</span>
        ) : (
          example
        )}
      </td>
    </tr>
  );
}

function MappingTable({
  fields,
  caption,
  ...rest
}: Omit<RowProps, 'field' | 'source' | 'issue'> & {
  fields: BackfillField[];
  caption: string;
  mapping: BackfillMapping;
  issues: Partial<Record<string, string>>;
}) {
  const { mapping, issues, ...row } = rest;
  return (
    // A minimum width: on a phone the table scrolls sideways instead of squeezing the selects to nothing.
    <table className="w-full min-w-[34rem] text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-left text-xs tracking-wide text-slate-600 uppercase">
          <th scope="col" className="pb-2 font-semibold">
            Event field
          </th>
          <th scope="col" className="pb-2 font-semibold">
            Comes from
          </th>
          <th scope="col" className="pb-2 font-semibold">
            First row
          </th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <MappingRow key={f} field={f} source={mapping[f]} issue={issues[f]} {...row} />
        ))}
      </tbody>
    </table>
  );
}

/** Step 2a: every event field, fed by a column of the file, a fixed value, or nothing. */
export function MappingCard({
  columns,
  mapping,
  sample,
  issues,
  detailLabels,
  onChange,
}: {
  columns: readonly string[];
  mapping: BackfillMapping;
  sample: readonly string[] | undefined;
  issues: Partial<Record<string, string>>;
  detailLabels: Partial<Record<string, string>>;
  onChange: (field: BackfillField, source: MappingSource | undefined) => void;
}) {
  const index = new Map(columns.map((c, i) => [c, i]));
  const shared = { columns, sample, index, mapping, issues, detailLabels, onChange };
  const mappedDetails = MORE_FIELDS.filter((f) => mapping[f]).length;
  return (
    <Card>
      <CardHeader
        title="Map the columns"
        description="Choose where each event field comes from. The suggestions come from the column names."
      />
      <CardBody className="flex flex-col gap-4 overflow-x-auto">
        <MappingTable fields={MAIN_FIELDS} caption="Event fields and their source" {...shared} />
        <details className="rounded-md border border-slate-200 px-4 py-2">
          <summary className="cursor-pointer text-sm font-medium text-slate-800">
            Detail fields 1–20 {mappedDetails ? `(${mappedDetails} mapped)` : ''}
          </summary>
          <MappingTable fields={MORE_FIELDS} caption="Detail fields and their source" {...shared} />
        </details>
      </CardBody>
    </Card>
  );
}
