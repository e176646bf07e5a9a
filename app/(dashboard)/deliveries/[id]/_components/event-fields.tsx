import type { ReactNode } from 'react';

import { currencyOf } from '@/lib/salesmanago/currency';
import { Technical } from '@/components/shell/technical-details';
import { cn } from '@/components/ui/cn';
import { LocalTime } from '@/components/ui/local-time';
import { EVENT_FIELD_LABELS, EVENT_FIELD_NAMES, type DetailField } from '@/lib/salesmanago/event-fields';
import { EVENT_TYPE_INFO, isEventType } from '@/lib/salesmanago/event-types';

// The wire name where it differs from the event body's (salesmanago.md §3.3), so a developer can match
// the list to the request beside it.
const WIRE_NAMES: Partial<Record<string, string>> = { type: 'contactExtEventType' };

function isDetailField(name: string): name is DetailField {
  return /^detail([1-9]|1\d|20)$/.test(name);
}

function render(name: string, value: unknown): ReactNode {
  if (name === 'type' && typeof value === 'string') {
    return (
      <>
        <code className="font-mono font-semibold">{value}</code>
        {isEventType(value) ? (
          <span className="text-slate-600"> · {EVENT_TYPE_INFO[value].label}</span>
        ) : null}
      </>
    );
  }
  if (name === 'date' && typeof value === 'number') {
    return (
      <>
        <LocalTime ms={value} seconds />
        <Technical>
          {' '}
          <span className="font-mono text-xs text-slate-600">({value})</span>
        </Technical>
      </>
    );
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return <code className="font-mono text-xs">{JSON.stringify(value)}</code>;
}

/**
 * Every field of an event as a definition list, in SALESmanago's field order, with the type's name and
 * the date in the reader's time zone. Detail slots carry the names this type (or `detailLabels`) gives
 * them, e.g. "Detail 9 · Currency". Empty fields are left out.
 */
export function EventFields({
  event,
  detailLabels,
  className,
}: {
  event: Record<string, unknown>;
  /** Names for detail slots, e.g. an integration's own; they win over the type's conventional names. */
  detailLabels?: Partial<Record<DetailField, string>>;
  className?: string;
}) {
  const type = event.type;
  const labels = { ...(isEventType(type) ? EVENT_TYPE_INFO[type].detailLabels : {}), ...detailLabels };
  const currency = currencyOf(event, labels);
  const known = EVENT_FIELD_NAMES as readonly string[];
  // Known fields first in their documented order, then anything else the record holds.
  const names = [...known, ...Object.keys(event).filter((k) => !known.includes(k))].filter(
    (k) => event[k] !== undefined && event[k] !== null && event[k] !== '',
  );

  return (
    <dl className={cn('grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[11rem_minmax(0,1fr)]', className)}>
      {names.map((name) => {
        const label = EVENT_FIELD_LABELS[name as keyof typeof EVENT_FIELD_LABELS] ?? name;
        const slot = isDetailField(name) ? labels[name] : undefined;
        return (
          <div key={name} className="space-y-0.5 sm:contents sm:space-y-0">
            <dt className="text-slate-600">
              <span className="font-medium text-slate-900">{label}</span>
              {slot ? <span className="text-slate-700"> · {slot}</span> : null}
              <Technical>
                <span className="block font-mono text-xs text-slate-600">{WIRE_NAMES[name] ?? name}</span>
              </Technical>
            </dt>
            <dd className="min-w-0 break-words whitespace-pre-wrap text-slate-900">
              {render(name, event[name])}
              {name === 'value' && currency ? ` ${currency}` : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
