'use client';

import { useSyncExternalStore } from 'react';

import { formatDateTime } from '@/lib/format';

const subscribe = () => () => {};

/**
 * A timestamp in the reader's own locale and time zone. The server cannot know the reader's zone, so
 * it renders UTC (labelled); once hydrated, the browser shows its own zone.
 */
export function LocalTime({ ms, seconds, className }: { ms: number; seconds?: boolean; className?: string }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const iso = new Date(ms).toISOString();
  return (
    <time dateTime={iso} className={className}>
      {inBrowser
        ? formatDateTime(ms, { seconds })
        : `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`}
    </time>
  );
}
