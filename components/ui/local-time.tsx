import { formatDateTime } from '@/lib/format';

/**
 * A timestamp in the reader's own locale and time zone. The server renders in its zone and the
 * browser re-renders in the reader's, so the hydration difference is expected and silenced here.
 */
export function LocalTime({ ms, seconds, className }: { ms: number; seconds?: boolean; className?: string }) {
  return (
    <time dateTime={new Date(ms).toISOString()} className={className} suppressHydrationWarning>
      {formatDateTime(ms, { seconds })}
    </time>
  );
}
