'use client';

import dynamic from 'next/dynamic';
import { useEffect, useRef, useState, type ReactNode } from 'react';

import { Skeleton } from '@/components/ui/skeleton';

// recharts is the heaviest code on the overview: it is fetched only when a chart first comes near the
// screen (below), and never rendered on the server (it measures its box in the browser).
const load = () => import('./charts');
const placeholder = () => <Skeleton className="h-full w-full" />;
export const BarsChart = dynamic(() => load().then((m) => m.BarsChart), { ssr: false, loading: placeholder });
export const LinesChart = dynamic(() => load().then((m) => m.LinesChart), {
  ssr: false,
  loading: placeholder,
});

/**
 * Its children once the box is within a screen's height of the viewport; until then a placeholder of the
 * same height, so nothing jumps. A phone's first screen holds the health cards, so on a phone no chart
 * code loads before the reader scrolls.
 */
export function WhenVisible({ height, children }: { height: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);

  return (
    <div ref={ref} style={{ minHeight: height }}>
      {seen ? children : <div style={{ height }}>{placeholder()}</div>}
    </div>
  );
}
