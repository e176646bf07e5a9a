'use client';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Field, inputClass } from '@/components/ui/field';
import { DELIMITER_LABELS, DELIMITERS, type DayMonthOrder, type Delimiter } from '@/lib/validations/backfill';
import { useTimeZones } from '../hooks';
import type { FormatOptions } from '../mapping-state';

const ORDER_LABELS: Record<DayMonthOrder, string> = {
  unset: 'Not chosen: refuse dates like 03/04/2025',
  'day-first': 'Day first: 03/04/2025 is 3 April',
  'month-first': 'Month first: 03/04/2025 is March 4',
};

function Checkbox({
  checked,
  onChange,
  label,
  description,
  className,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  description?: string;
  className?: string;
}) {
  return (
    <label className={cn('flex items-start gap-2 text-sm text-slate-800', className)}>
      <input
        type="checkbox"
        className="accent-brand-600 mt-0.5"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        <span className={description ? 'font-medium' : undefined}>{label}</span>
        {description ? <span className="block text-slate-600">{description}</span> : null}
      </span>
    </label>
  );
}

/** Step 2b: how to read the file: separator, header, dates, decimals, and the duplicate guard. */
export function FormatOptionsCard({
  options,
  timeZone,
  onChange,
}: {
  options: FormatOptions;
  timeZone: string | null;
  onChange: (patch: Partial<FormatOptions>) => void;
}) {
  const zones = useTimeZones(timeZone);
  return (
    <Card>
      <CardHeader title="How to read the file" description="Detected from the file; change what is wrong." />
      <CardBody className="grid gap-5 sm:grid-cols-2">
        <Field label="Separator">
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={options.delimiter}
              onChange={(e) => onChange({ delimiter: e.target.value as Delimiter })}
            >
              {DELIMITERS.map((d) => (
                <option key={d} value={d}>
                  {DELIMITER_LABELS[d]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Checkbox
          className="self-end pb-2"
          checked={options.header}
          onChange={(header) => onChange({ header })}
          label="The first row holds column names"
        />
        <Field
          label="Time zone of the dates"
          hint="For dates written without one, like 2025-03-14 09:30. Dates with Z or +01:00 keep their own."
        >
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={timeZone ?? ''}
              disabled={!zones.length}
              onChange={(e) => onChange({ timeZone: e.target.value })}
            >
              {zones.length ? (
                zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))
              ) : (
                <option value="">Your time zone…</option>
              )}
            </select>
          )}
        </Field>
        <Field
          label="Dates with slashes"
          hint="The file decides nothing here: only you know how it was written."
        >
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={options.dayMonthOrder}
              onChange={(e) => onChange({ dayMonthOrder: e.target.value as DayMonthOrder })}
            >
              {Object.entries(ORDER_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Decimal separator" hint="In the value column: 129.90 (dot) or 129,90 (comma).">
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={options.decimal}
              onChange={(e) => onChange({ decimal: e.target.value as FormatOptions['decimal'] })}
            >
              <option value="dot">Dot (129.90)</option>
              <option value="comma">Comma (129,90)</option>
            </select>
          )}
        </Field>
        <Checkbox
          className="sm:col-span-2"
          checked={options.importDuplicates}
          onChange={(importDuplicates) => onChange({ importDuplicates })}
          label="Import duplicates anyway"
          description="Off: a row whose order (external ID and type) this integration already has, or that repeats an earlier row, is skipped and listed. On: it is sent again, and SALESmanago may count the order twice."
        />
      </CardBody>
    </Card>
  );
}
