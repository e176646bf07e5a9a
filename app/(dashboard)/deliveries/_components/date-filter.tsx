'use client';

import { useId, useState, useSyncExternalStore } from 'react';

import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { fromLocalInputValue, RANGE_PRESETS, toLocalInputValue, type RangePreset } from '../date-range';

export interface DateChoice {
  range: RangePreset | null;
  from?: number;
  to?: number;
}

const noSubscribe = () => () => {};

/**
 * "When": any time, a rolling preset, or a custom range typed in the viewer's own time zone. Presets
 * apply at once; a custom range applies with its button, so half-typed dates do not reload the list.
 */
export function DateFilter({
  range,
  from,
  to,
  onChange,
}: DateChoice & {
  onChange: (choice: DateChoice) => void;
}) {
  const id = useId();
  const applied = range ?? (from !== undefined || to !== undefined ? 'custom' : 'any');
  // What was picked shows at once while the URL catches up (the parent remounts this on a new range).
  const [picked, setPicked] = useState<string | null>(null);
  const mode = picked ?? applied;

  return (
    <>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          Date
        </label>
        <select
          id={id}
          value={mode}
          className={inputClass}
          onChange={(e) => {
            const v = e.target.value;
            setPicked(v);
            // A custom range waits for its dates and the Apply button.
            if (v !== 'custom') onChange({ range: v === 'any' ? null : (v as RangePreset) });
          }}
        >
          <option value="any">Any time</option>
          {Object.entries(RANGE_PRESETS).map(([value, p]) => (
            <option key={value} value={value}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </div>
      {/* A row of its own in the filter grid, below the date choice. */}
      {mode === 'custom' ? <CustomRange from={from} to={to} onApply={onChange} /> : null}
    </>
  );
}

function CustomRange({
  from,
  to,
  onApply,
}: {
  from?: number;
  to?: number;
  onApply: (choice: DateChoice) => void;
}) {
  // The inputs speak the viewer's time zone, which only the browser knows: no server render for them.
  const isClient = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  if (!isClient) return null;
  return <CustomRangeForm from={from} to={to} onApply={onApply} />;
}

function CustomRangeForm({
  from,
  to,
  onApply,
}: {
  from?: number;
  to?: number;
  onApply: (c: DateChoice) => void;
}) {
  const id = useId();
  const [fromText, setFromText] = useState(from !== undefined ? toLocalInputValue(from) : '');
  const [toText, setToText] = useState(to !== undefined ? toLocalInputValue(to) : '');
  const [error, setError] = useState<string | null>(null);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <form
      aria-label="Custom date range"
      className="col-span-2 flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 lg:col-span-4"
      onSubmit={(e) => {
        e.preventDefault();
        const start = fromLocalInputValue(fromText, 'start');
        const end = fromLocalInputValue(toText, 'end');
        if (start === undefined && end === undefined) return setError('Enter a start, an end, or both.');
        if (start !== undefined && end !== undefined && start > end) {
          return setError('The start is after the end.');
        }
        setError(null);
        onApply({ range: null, from: start, to: end });
      }}
    >
      <div className="flex min-w-[12rem] flex-1 flex-col gap-1.5 sm:flex-none">
        <label htmlFor={`${id}-from`} className="text-sm font-medium text-slate-800">
          From
        </label>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={fromText}
          onChange={(e) => setFromText(e.target.value)}
          className={inputClass}
        />
      </div>
      <div className="flex min-w-[12rem] flex-1 flex-col gap-1.5 sm:flex-none">
        <label htmlFor={`${id}-to`} className="text-sm font-medium text-slate-800">
          To
        </label>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={toText}
          onChange={(e) => setToText(e.target.value)}
          className={inputClass}
        />
      </div>
      <Button type="submit" variant="secondary">
        Apply range
      </Button>
      <p className="w-full text-xs text-slate-600">Times in your time zone ({zone}).</p>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
