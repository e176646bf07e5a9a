import { LocalTime } from '@/components/ui/local-time';
import type { IncidentEventView } from '@/lib/data/incidents';

const KIND_LABELS: Record<string, string> = {
  opened: 'Opened',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  paused: 'Sending paused',
  resumed: 'Sending resumed',
};

/** What happened to the incident, in order, with who did it (the console when nobody did). */
export function Timeline({ events }: { events: IncidentEventView[] }) {
  return (
    <ol aria-label="Timeline" className="flex flex-col gap-3 border-l border-slate-200 pl-4">
      {events.map((e) => (
        <li key={e.id} className="text-sm">
          <p className="font-medium text-slate-900">
            {KIND_LABELS[e.kind] ?? e.kind} · <LocalTime ms={e.at} seconds />
            <span className="font-normal text-slate-600"> · {e.actorLabel ?? 'the console'}</span>
          </p>
          <p className="text-slate-700">{e.message}</p>
        </li>
      ))}
    </ol>
  );
}
