'use client';

import { useId } from 'react';

import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import {
  COMMON_EVENT_TYPES,
  EVENT_TYPE_INFO,
  ORDERED_EVENT_TYPES,
  type EventType,
} from '@/lib/salesmanago/event-types';

const OTHER_TYPES = ORDERED_EVENT_TYPES.filter((t) => !(COMMON_EVENT_TYPES as readonly string[]).includes(t));

/** The six common types as cards with what SALESmanago uses them for; the other 19 in a list. */
export function TypePicker({ value, onChange }: { value: EventType; onChange: (t: EventType) => void }) {
  const selectId = useId();
  const isOther = !(COMMON_EVENT_TYPES as readonly string[]).includes(value);
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Event type</legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
        {COMMON_EVENT_TYPES.map((t) => (
          <label
            key={t}
            className={cn(
              'has-[:focus-visible]:outline-brand-500 flex cursor-pointer flex-col gap-1 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:outline-2',
              value === t
                ? 'border-brand-600 bg-brand-50 ring-brand-600 ring-1'
                : 'border-slate-300 bg-white hover:bg-slate-50',
            )}
          >
            <span className="flex items-center gap-2 font-medium text-slate-900">
              <input
                type="radio"
                name="event-type"
                value={t}
                checked={value === t}
                onChange={() => onChange(t)}
                className="accent-brand-600"
              />
              {EVENT_TYPE_INFO[t].label}
              <span className="font-mono text-xs font-normal text-slate-600">{t}</span>
            </span>
            <span className="text-xs text-slate-700">{EVENT_TYPE_INFO[t].description}</span>
          </label>
        ))}
      </div>
      <div className="mt-3 flex flex-col gap-1.5">
        <label htmlFor={selectId} className="text-sm text-slate-800">
          Or another of SALESmanago&apos;s types
        </label>
        <select
          id={selectId}
          className={cn(inputClass, 'sm:w-80')}
          value={isOther ? value : ''}
          onChange={(e) => e.target.value && onChange(e.target.value as EventType)}
        >
          <option value="">Choose a type…</option>
          {OTHER_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVENT_TYPE_INFO[t].label} ({t})
            </option>
          ))}
        </select>
        {isOther ? <p className="text-xs text-slate-700">{EVENT_TYPE_INFO[value].description}</p> : null}
      </div>
    </fieldset>
  );
}
