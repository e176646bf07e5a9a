'use client';

import { EVENT_TYPE_INFO, ORDERED_EVENT_TYPES } from '@/lib/salesmanago/event-types';
import { DEFAULT_ALLOWED_TYPES } from '@/lib/validations/collector';

/** Which event types a website may send; the safe defaults are marked. */
export function AllowedTypes({
  value,
  disabled,
  errors,
  onChange,
}: {
  value: string[];
  disabled: boolean;
  errors?: string[];
  onChange: (v: string[]) => void;
}) {
  const toggle = (t: string, on: boolean) => onChange(on ? [...value, t] : value.filter((x) => x !== t));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium text-slate-800">Allowed event types</legend>
      <p className="text-xs text-slate-600">
        Defaults: {DEFAULT_ALLOWED_TYPES.join(', ')}. A visitor’s browser can forge anything it sends, so
        allow business types such as PURCHASE only knowingly.
      </p>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(11.5rem,1fr))] gap-x-4 gap-y-1">
        {ORDERED_EVENT_TYPES.map((t) => (
          <label key={t} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="accent-brand-600"
              disabled={disabled}
              checked={value.includes(t)}
              onChange={(e) => toggle(t, e.target.checked)}
            />
            <span title={EVENT_TYPE_INFO[t].description} className="font-mono text-xs">
              {t}
            </span>
          </label>
        ))}
      </div>
      {errors?.length ? <p className="text-sm text-red-700">{errors.join(' ')}</p> : null}
    </fieldset>
  );
}
