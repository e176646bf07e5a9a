'use client';

import { useId } from 'react';

import { cn } from './cn';

/**
 * One choice out of a few, shown side by side (a period, how to split a chart): native radio buttons
 * under a legend, so arrow keys, forms and screen readers treat it as the radio group it is.
 */
export function Segmented<T extends string>({
  legend,
  options,
  value,
  onChange,
  showLegend = false,
  stretch = false,
  className,
}: {
  legend: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
  /** The legend is read out always; shown only where nothing else on screen names the choice. */
  showLegend?: boolean;
  /** Options share the whole width (a phone), instead of wrapping onto a second line. */
  stretch?: boolean;
  className?: string;
}) {
  const name = useId();
  return (
    <fieldset className={cn('flex min-w-0 flex-col items-start gap-1.5', className)}>
      <legend className={showLegend ? 'mb-1.5 text-sm font-medium text-slate-800' : 'sr-only'}>
        {legend}
      </legend>
      <div
        className={cn(
          'max-w-full rounded-md bg-white ring-1 ring-slate-300',
          stretch ? 'flex w-full sm:inline-flex sm:w-auto' : 'inline-flex flex-wrap',
        )}
      >
        {options.map((o) => (
          <label
            key={o.value}
            className={cn(
              'relative first:*:rounded-l-md last:*:rounded-r-md',
              stretch && 'flex-1 sm:flex-none',
            )}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="peer absolute inset-0 cursor-pointer opacity-0"
            />
            <span
              className={cn(
                'flex h-9 items-center justify-center text-sm font-medium whitespace-nowrap text-slate-700 sm:px-3',
                stretch ? 'px-1' : 'px-2.5',
                'peer-checked:bg-brand-600 peer-checked:text-white peer-hover:bg-slate-50',
                'peer-focus-visible:outline-brand-500 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2',
              )}
            >
              {o.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
