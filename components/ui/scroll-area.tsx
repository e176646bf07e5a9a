'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

import { cn } from './cn';

/**
 * A box that scrolls sideways when its content is wider (a table on a phone). While it does, it is a
 * named region in the tab order, so a keyboard can scroll it too (WCAG 2.1.1; axe's
 * scrollable-region-focusable). While it does not, it adds no tab stop. It starts as not scrolling on
 * the server and in the browser alike, so hydration matches, and is measured after.
 */
export function ScrollArea({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={ref}
      className={cn('overflow-x-auto', className)}
      {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
    >
      {children}
    </div>
  );
}
