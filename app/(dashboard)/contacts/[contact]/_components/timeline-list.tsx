import Link from 'next/link';

import { StatusSummary } from '@/components/deliveries/status-badge';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryView } from '@/lib/data/deliveries';

/** The contact's deliveries as a timeline: when, what, through which integration, and how it ended. */
export function TimelineList({ items }: { items: DeliveryView[] }) {
  return (
    <ol aria-label="Events for this contact, newest first" className="space-y-3">
      {items.map((d) => (
        <li
          key={d.id}
          className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs sm:flex-row sm:items-start sm:justify-between"
        >
          <div className="min-w-0">
            <Link href={`/deliveries/${d.id}`} className="text-brand-700 font-medium hover:underline">
              <LocalTime ms={d.createdAt} seconds />
            </Link>
            <p className="mt-1 text-sm break-words text-slate-900">
              <span className="font-mono text-xs font-semibold">{d.type}</span>
              {d.externalId ? ` · ${d.externalId}` : ''} · through {d.integrationName}
            </p>
          </div>
          <StatusSummary status={d.status} reason={d.reason} stacked className="sm:min-w-[11rem]" />
        </li>
      ))}
    </ol>
  );
}
