'use client';

import { useId } from 'react';

import { CheckboxMenu, type CheckboxOption } from '@/components/ui/checkbox-menu';
import { SOURCE_INFO } from '@/components/deliveries/labels';
import { STATUS_INFO } from '@/components/deliveries/status-badge';
import { inputClass } from '@/components/ui/field';
import type { DeliverySource, DeliveryStatus } from '@/db/enums';
import type { IntegrationView } from '@/lib/data/integrations';
import { COMMON_EVENT_TYPES, ORDERED_EVENT_TYPES } from '@/lib/salesmanago/event-types';
import { REASONS } from '@/lib/salesmanago/messages';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import type { RangePreset } from '../date-range';
import { DateFilter, type DateChoice } from './date-filter';
import { SearchBox } from './search-box';

const COMMON = new Set<string>(COMMON_EVENT_TYPES);
const TYPE_OPTIONS: CheckboxOption<string>[] = ORDERED_EVENT_TYPES.map((t) => ({
  value: t,
  label: t,
  group: COMMON.has(t) ? 'Common' : 'Other types',
}));
// The keys of the label maps, so the client bundle needs no values from db/.
const STATUS_OPTIONS = Object.entries(STATUS_INFO).map(([value, s]) => ({
  value: value as DeliveryStatus,
  label: s.label,
}));
const SOURCE_OPTIONS = Object.entries(SOURCE_INFO).map(([value, s]) => ({
  value: value as DeliverySource,
  label: s.label,
}));

// Every way a delivery can fail, by title; final ones first, as they are the ones that need a person.
const REASON_OPTIONS: CheckboxOption<string>[] = Object.entries(REASONS)
  .filter(([code]) => code !== 'ok')
  .sort(([, a], [, b]) => Number(a.retryable) - Number(b.retryable))
  .map(([code, r]) => ({
    value: code,
    label: r.title,
    group: r.retryable ? 'Passing (retried)' : 'Final',
  }));

/** The multiple-choice filters, in the bar's order; each patches the filter of the same name. */
const MENUS: Array<{
  key: 'type' | 'status' | 'source' | 'reason';
  label: string;
  allLabel: string;
  options: readonly CheckboxOption<string>[];
  align?: 'end';
}> = [
  { key: 'type', label: 'Type', allLabel: 'All types', options: TYPE_OPTIONS },
  { key: 'status', label: 'Status', allLabel: 'Any status', options: STATUS_OPTIONS, align: 'end' },
  { key: 'source', label: 'Source', allLabel: 'Any source', options: SOURCE_OPTIONS },
  { key: 'reason', label: 'Reason', allLabel: 'Any reason', options: REASON_OPTIONS, align: 'end' },
];

export type FilterPatch = Partial<DeliveryFilters> & { range?: RangePreset | null };

/** Every filter of the history; each change goes straight to the URL through `onChange`. */
export function FilterBar({
  filters,
  range,
  integrations,
  onChange,
}: {
  filters: DeliveryFilters;
  range: RangePreset | null;
  integrations: IntegrationView[];
  onChange: (patch: FilterPatch) => void;
}) {
  const integrationId = useId();
  const known = integrations.some((i) => i.id === filters.integrationId);

  return (
    <section
      aria-label="Filters"
      // Two columns even on a phone, so the filters take a third of the screen, not all of it.
      className="mb-4 grid grid-cols-2 gap-x-3 gap-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs lg:grid-cols-4 lg:gap-x-4"
    >
      <div className="col-span-2">
        <SearchBox value={filters.q ?? ''} onSearch={(q) => onChange({ q: q || undefined })} />
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={integrationId} className="text-sm font-medium text-slate-800">
          Integration
        </label>
        <select
          // Uncontrolled, so the choice stays while the URL catches up; a new URL value remounts it.
          key={filters.integrationId ?? ''}
          id={integrationId}
          className={inputClass}
          defaultValue={filters.integrationId ?? ''}
          onChange={(e) => onChange({ integrationId: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">All</option>
          {integrations.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
          {filters.integrationId && !known ? (
            <option value={filters.integrationId}>Integration #{filters.integrationId} (deleted)</option>
          ) : null}
        </select>
      </div>
      <DateFilter
        // A new applied range starts the inputs over; a half-chosen custom range survives other filters.
        key={`${range}|${filters.from}|${filters.to}`}
        range={range}
        from={filters.from}
        to={filters.to}
        onChange={(c: DateChoice) => onChange({ range: c.range, from: c.from, to: c.to })}
      />
      {MENUS.map(({ key, ...menu }) => (
        <CheckboxMenu
          key={key}
          {...menu}
          selected={filters[key]}
          // The menu offers only this filter's values, so what it hands back fits the filter.
          onChange={(next) => onChange({ [key]: next } as FilterPatch)}
        />
      ))}
    </section>
  );
}
