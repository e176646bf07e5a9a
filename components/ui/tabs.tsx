'use client';

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

import { cn } from './cn';

export interface TabItem {
  id: string;
  label: ReactNode;
  content: ReactNode;
}

/**
 * Tabs as the WAI-ARIA pattern describes: one tab stop for the list (roving tabindex), arrow keys,
 * Home and End move and select, each panel is labelled by its tab. Every panel stays mounted
 * (hidden when inactive), so what a person typed in one survives a look at another.
 */
export function Tabs({
  label,
  items,
  defaultId,
  onChange,
  className,
}: {
  /** Names the tab list for screen readers. */
  label: string;
  items: TabItem[];
  defaultId?: string;
  onChange?: (id: string) => void;
  className?: string;
}) {
  const base = useId();
  const [active, setActive] = useState(defaultId ?? items[0]?.id);
  const tabs = useRef(new Map<string, HTMLButtonElement>());

  function select(id: string) {
    if (id === active) return;
    setActive(id);
    onChange?.(id);
  }

  function onKeyDown(e: KeyboardEvent, index: number) {
    const last = items.length - 1;
    const target =
      e.key === 'ArrowRight'
        ? (index + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (index + last) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : undefined;
    const item = target === undefined ? undefined : items[target];
    if (!item) return;
    e.preventDefault();
    select(item.id);
    tabs.current.get(item.id)?.focus();
  }

  return (
    <div className={className}>
      <div role="tablist" aria-label={label} className="flex flex-wrap gap-1 border-b border-slate-200">
        {items.map((item, index) => {
          const selected = item.id === active;
          return (
            <button
              key={item.id}
              ref={(el) => {
                if (el) tabs.current.set(item.id, el);
                else tabs.current.delete(item.id);
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${item.id}`}
              aria-selected={selected}
              aria-controls={`${base}-panel-${item.id}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(item.id)}
              onKeyDown={(e) => onKeyDown(e, index)}
              className={cn(
                '-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                selected
                  ? 'border-brand-600 text-brand-800'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
              )}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {items.map((item) => (
        <div
          key={item.id}
          role="tabpanel"
          id={`${base}-panel-${item.id}`}
          aria-labelledby={`${base}-tab-${item.id}`}
          tabIndex={0}
          hidden={item.id !== active}
          className="rounded-b-md pt-4"
        >
          {item.content}
        </div>
      ))}
    </div>
  );
}
