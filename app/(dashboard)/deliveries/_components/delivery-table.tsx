import Link from 'next/link';

import { SOURCE_INFO } from '@/components/deliveries/labels';
import { currencyOf } from '@/lib/salesmanago/currency';
import { StatusSummary } from '@/components/deliveries/status-badge';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryView } from '@/lib/data/deliveries';
import { formatDuration } from '@/lib/format';
import { contactHref } from '@/lib/queries/contacts';
import { EVENT_TYPE_INFO, isEventType } from '@/lib/salesmanago/event-types';

/** The value with its currency when the event names one (a detail slot called Currency). */
function formatValue(d: DeliveryView, labels: DetailLabelsByIntegration): string {
  if (d.value === null) return '—';
  const amount = d.value.toLocaleString(undefined, { maximumFractionDigits: 2 });
  const currency = currencyOf(d.event, (d.integrationId && labels[d.integrationId]) || {});
  return currency ? `${amount} ${currency}` : amount;
}

/** The email where the console knows it, the contact ID beside it; else the contact as sent. */
function Contact({ d }: { d: DeliveryView }) {
  if (!d.contactEmail) return <>{d.contact}</>;
  return (
    <>
      {d.contactEmail}
      <span className="block font-mono text-xs text-slate-600">{d.contact}</span>
    </>
  );
}

// An imported order from last year, or a website event sent after retries: the event's own date is shown
// under the send time when they are more than an hour apart, so the row does not read as today's sale.
const SHOW_EVENT_DATE_MS = 60 * 60 * 1000;

/** The friendly name first, SALESmanago's code beside it ("Purchase PURCHASE"). */
function TypeName({ type, inline = false }: { type: string; inline?: boolean }) {
  const label = isEventType(type) ? EVENT_TYPE_INFO[type].label : null;
  return (
    <>
      {label ? <span className={inline ? 'font-medium' : 'block text-slate-800'}>{label}</span> : null}
      {label && inline ? ' ' : null}
      <code className="font-mono text-xs text-slate-600">{type}</code>
    </>
  );
}

function EventDate({ d }: { d: DeliveryView }) {
  if (Math.abs(d.createdAt - d.eventDate) <= SHOW_EVENT_DATE_MS) return null;
  return (
    <span className="block text-xs whitespace-nowrap text-slate-600">
      happened <LocalTime ms={d.eventDate} />
    </span>
  );
}

// Eight columns must fit beside the sidebar at 1280 px: tight padding, a contact that wraps (never cut:
// the whole email is what a marketer looks for), and the reason's title under the status badge.
const TD = 'px-3 py-3 align-top leading-5';
const COLUMNS: DataTableColumn[] = [
  'Time',
  'Type',
  'Contact',
  { label: 'Value', className: 'text-right' },
  'Status',
  { label: 'HTTP', className: 'text-right' },
  { label: 'Took', className: 'text-right' },
  'Source',
];
// The time link stretches over its row (the row is `relative`), so the whole row opens the delivery
// while a keyboard still meets one link per row.
const ROW_LINK = 'text-brand-700 font-medium whitespace-nowrap hover:underline after:absolute after:inset-0';

/** Each integration's own names for detail slots, so "Currency" is found where the integration put it. */
export type DetailLabelsByIntegration = Record<number, Partial<Record<string, string>>>;

/** The history as a table on wide screens and as a list of cards on narrow ones. */
export function DeliveryTable({
  items,
  detailLabels = {},
}: {
  items: DeliveryView[];
  detailLabels?: DetailLabelsByIntegration;
}) {
  return (
    <>
      <DataTable caption="Deliveries, newest first" columns={COLUMNS} compact className="hidden md:block">
        {items.map((d) => (
          <tr key={d.id} className="focus-within:bg-brand-50 relative hover:bg-slate-50">
            <td className={TD}>
              <Link href={`/deliveries/${d.id}`} className={ROW_LINK}>
                <LocalTime ms={d.createdAt} />
              </Link>
              <EventDate d={d} />
            </td>
            <td className={TD}>
              <TypeName type={d.type} />
            </td>
            <td className={`${TD} max-w-[12rem] break-all text-slate-800`}>
              {/* Above the row's stretched link, so it opens the contact's timeline instead. */}
              <Link href={contactHref(d.contact)} className="relative z-10 hover:underline">
                <Contact d={d} />
              </Link>
            </td>
            <td className={`${TD} text-right text-slate-800 tabular-nums`}>{formatValue(d, detailLabels)}</td>
            <td className={`${TD} min-w-[11rem]`}>
              <StatusSummary status={d.status} reason={d.reason} stacked />
            </td>
            <td className={`${TD} text-right text-slate-800 tabular-nums`}>{d.lastHttpStatus ?? '—'}</td>
            <td className={`${TD} text-right whitespace-nowrap text-slate-800 tabular-nums`}>
              {formatDuration(d.lastDurationMs)}
            </td>
            <td className={`${TD} text-slate-700`}>{SOURCE_INFO[d.source].label}</td>
          </tr>
        ))}
      </DataTable>

      <ul aria-label="Deliveries, newest first" className="space-y-3 md:hidden">
        {items.map((d) => (
          <li
            key={d.id}
            className="focus-within:ring-brand-600 relative rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs focus-within:ring-2"
          >
            <div className="flex items-start justify-between gap-3">
              <span>
                <Link href={`/deliveries/${d.id}`} className={ROW_LINK}>
                  <LocalTime ms={d.createdAt} seconds />
                </Link>
                <EventDate d={d} />
              </span>
              <span className="text-xs text-slate-600">{SOURCE_INFO[d.source].label}</span>
            </div>
            <p className="mt-1 text-sm break-all text-slate-900">
              <TypeName type={d.type} inline /> · <Contact d={d} />
            </p>
            <StatusSummary status={d.status} reason={d.reason} stacked className="mt-2" />
            <p className="mt-2 text-xs text-slate-600">
              Value {formatValue(d, detailLabels)} · HTTP {d.lastHttpStatus ?? '—'} ·{' '}
              {formatDuration(d.lastDurationMs)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
