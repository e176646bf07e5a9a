import Link from 'next/link';

import { cn } from './cn';

/**
 * Sections of a screen as links under a line (each a URL of its own, so a view can be bookmarked); the
 * current one is marked `aria-current="page"`. Not the Tabs widget: these navigate.
 */
export function LinkTabs({
  label,
  items,
  className,
}: {
  /** Names the navigation for screen readers. */
  label: string;
  items: Array<{ href: string; label: string; current: boolean }>;
  /** Replaces the default margin below (mb-6). */
  className?: string;
}) {
  return (
    <nav aria-label={label} className={cn('border-b border-slate-200', className ?? 'mb-6')}>
      <ul className="-mb-px flex flex-wrap gap-4">
        {items.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.current ? 'page' : undefined}
              className="aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-800 inline-block border-b-2 border-transparent px-1 pb-2 text-sm font-medium text-slate-600 hover:text-slate-900"
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
