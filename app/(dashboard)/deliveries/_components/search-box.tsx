'use client';

import { useEffect, useId, useRef, useState } from 'react';

import { inputClass } from '@/components/ui/field';
import { SEARCH_MIN_LENGTH } from '@/lib/validations/delivery-params';

/** Long enough not to reload the list on every key, short enough to feel live. */
export const SEARCH_DEBOUNCE_MS = 400;

/**
 * The history's search: applies a moment after typing stops, or at once on Enter. The URL stays the
 * source of truth: a search coming back from the URL does not overwrite what is being typed, while a
 * change from elsewhere (the back button) replaces the text.
 */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const [asked, setAsked] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  if (value !== seen) {
    setSeen(value);
    if (value !== asked) setText(value);
    setAsked(null);
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  const typed = text.trim();
  const tooShort = typed.length > 0 && Array.from(typed).length < SEARCH_MIN_LENGTH;

  function submit(next: string) {
    clearTimeout(timer.current);
    const q = next.trim();
    // A term this short is not searched (the API refuses it too); the hint below says why.
    if (q === value || (q && Array.from(q).length < SEARCH_MIN_LENGTH)) return;
    setAsked(q);
    onSearch(q);
  }

  return (
    <form
      role="search"
      className="flex flex-col gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        submit(text);
      }}
    >
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        Search
      </label>
      <input
        id={id}
        type="search"
        value={text}
        maxLength={200}
        placeholder="Email, order number, product…"
        aria-describedby={`${id}-hint ${id}-short`}
        className={inputClass}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => submit(next), SEARCH_DEBOUNCE_MS);
        }}
      />
      <p id={`${id}-hint`} className="sr-only">
        Searches the contact, the order number (external ID), the products, the description, the details and
        SALESmanago&apos;s message, for any part of at least {SEARCH_MIN_LENGTH} characters. Results update as
        you type; press Enter to search at once.
      </p>
      <p id={`${id}-short`} aria-live="polite" className={tooShort ? 'text-xs text-slate-700' : 'sr-only'}>
        {tooShort ? `Type at least ${SEARCH_MIN_LENGTH} characters to search.` : ''}
      </p>
    </form>
  );
}
