'use client';

import { useEffect, useId, useRef, useState } from 'react';

import { cn } from '@/components/ui/cn';

export interface CheckboxOption<T extends string> {
  value: T;
  label: string;
  /** Options with the same group are listed under that heading, in the order given. */
  group?: string;
}

/**
 * A multi-select as a disclosure: a button that opens a panel of checkboxes. Each box applies at once.
 * Escape or a click outside closes it and focus returns to the button; screen readers get a labelled
 * group of ordinary checkboxes, so nothing needs the arrow-key rules of a listbox.
 */
export function CheckboxMenu<T extends string>({
  label,
  options,
  selected,
  onChange,
  allLabel,
  align = 'start',
  className,
}: {
  label: string;
  options: readonly CheckboxOption<T>[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
  /** The button's text when nothing is selected, e.g. "All types". */
  allLabel: string;
  /** Which edge of the button the panel lines up with; `end` for a menu near the right of the screen. */
  align?: 'start' | 'end';
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  // The choice shows at once, while the URL (the source of truth) catches up; a new `selected` from the
  // URL replaces it.
  const [draft, setDraft] = useState<readonly T[] | null>(null);
  const [seen, setSeen] = useState(selected.join(','));
  if (selected.join(',') !== seen) {
    setSeen(selected.join(','));
    setDraft(null);
  }
  const current = draft ?? selected;
  const apply = (next: T[]) => {
    setDraft(next);
    onChange(next);
  };

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const summary =
    current.length === 0
      ? allLabel
      : current.length <= 2
        ? options
            .filter((o) => current.includes(o.value))
            .map((o) => o.label)
            .join(', ')
        : `${current.length} selected`;

  const toggle = (value: T, on: boolean) =>
    apply(on ? [...current, value] : current.filter((v) => v !== value));

  const groups: Array<{ name: string | undefined; items: CheckboxOption<T>[] }> = [];
  for (const o of options) {
    const last = groups.at(-1);
    if (last && last.name === o.group) last.items.push(o);
    else groups.push({ name: o.group, items: [o] });
  }

  return (
    <div
      ref={rootRef}
      className={cn('relative flex flex-col gap-1.5', className)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
      onBlur={(e) => {
        // Tabbing out of the panel closes it, like leaving any other popup.
        if (open && !rootRef.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <span id={`${id}-label`} className="text-sm font-medium text-slate-800">
        {label}
      </span>
      <button
        ref={buttonRef}
        id={`${id}-button`}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={`${id}-label ${id}-button`}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          'flex h-9 w-full items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 text-left text-sm shadow-xs hover:bg-slate-50',
          current.length ? 'text-slate-900' : 'text-slate-700',
        )}
      >
        <span className="truncate">{summary}</span>
        <span aria-hidden="true" className="text-xs text-slate-600">
          {open ? '▲' : '▼'}
        </span>
      </button>
      <div
        id={`${id}-panel`}
        hidden={!open}
        className={cn(
          'absolute top-full z-20 mt-1 max-h-80 w-[min(17rem,calc(100vw-3rem))] overflow-y-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg',
          align === 'end' ? 'right-0' : 'left-0',
        )}
      >
        <fieldset>
          <legend className="sr-only">{label}</legend>
          {groups.map((g, i) => (
            <div key={g.name ?? i} className={cn(i > 0 && 'mt-2 border-t border-slate-200 pt-2')}>
              {g.name ? (
                <p className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                  {g.name}
                </p>
              ) : null}
              {g.items.map((o) => (
                <label
                  key={o.value}
                  className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-100"
                >
                  <input
                    type="checkbox"
                    className="accent-brand-600 size-4"
                    checked={current.includes(o.value)}
                    onChange={(e) => toggle(o.value, e.target.checked)}
                  />
                  {o.label}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        {current.length ? (
          <button
            type="button"
            onClick={() => {
              apply([]);
              // The button disappears with the selection: keep focus inside the menu.
              buttonRef.current?.focus();
            }}
            className="text-brand-700 mt-2 w-full rounded px-2 py-1.5 text-left text-sm font-medium hover:bg-slate-100"
          >
            Clear {label.toLowerCase()}
          </button>
        ) : null}
      </div>
    </div>
  );
}
