import type { DeliveryDetail } from '@/lib/data/deliveries';

/**
 * One line per action at the top of a delivery: the three look alike ("send it again") but differ in what
 * they create, and a marketer should not have to try them to find out.
 */
export function ActionHelp({ delivery: d }: { delivery: DeliveryDetail }) {
  const lines: Array<[string, string]> = [];
  if (d.status === 'failed' || d.status === 'retrying')
    lines.push(['Retry now', 'tries this same delivery again at once, without waiting for the next retry.']);
  lines.push(['Resend', 'sends the same event again as a new delivery; this one stays as it is.']);
  lines.push(['Edit and resend', 'opens Send event filled in with this event, to change it before sending.']);
  return (
    <ul aria-label="What the actions do" className="mb-6 space-y-0.5 text-xs text-slate-600">
      {lines.map(([action, what]) => (
        <li key={action}>
          <span className="font-medium text-slate-800">{action}</span> {what}
        </li>
      ))}
    </ul>
  );
}
