'use client';

import { useId, useState } from 'react';

import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { normalizeOriginPattern } from '@/lib/validations/origin';

/** The list of websites allowed to send events, with the same checks the server applies. */
export function AllowedOrigins({
  value,
  disabled,
  errors,
  onChange,
}: {
  value: string[];
  disabled: boolean;
  errors: Record<string, string[]>;
  onChange: (v: string[]) => void;
}) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const serverErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith('collector.allowedOrigins'))
    .flatMap(([, v]) => v);

  function add() {
    const result = normalizeOriginPattern(text);
    if (!result.ok) return setError(result.message);
    if (value.includes(result.pattern)) return setError(`${result.pattern} is already in the list.`);
    onChange([...value, result.pattern]);
    setText('');
    setError(null);
  }

  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium text-slate-800">Allowed websites (origins)</legend>
      {value.length ? (
        <ul className="flex flex-col gap-1">
          {value.map((o) => (
            <li
              key={o}
              className="flex items-center justify-between gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-1.5"
            >
              <span className="font-mono text-sm break-all text-slate-800">{o}</span>
              {disabled ? null : (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove ${o}`}
                  onClick={() => onChange(value.filter((x) => x !== o))}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">None yet.</p>
      )}
      {disabled ? null : (
        <>
          <label htmlFor={inputId} className="sr-only">
            Website origin to allow
          </label>
          <div className="flex gap-2">
            <input
              id={inputId}
              className={`${inputClass} font-mono`}
              placeholder="https://shop.example.com"
              spellCheck={false}
              aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
              aria-invalid={error ? true : undefined}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <Button variant="secondary" onClick={add} disabled={!text.trim()}>
              Add
            </Button>
          </div>
          <p id={hintId} className="text-xs text-slate-600">
            Scheme and host as in the browser’s address bar, e.g. https://shop.example.com. Use
            https://*.example.com for every subdomain.
          </p>
          {error ? (
            <p id={errorId} className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </>
      )}
      {serverErrors.length ? <p className="text-sm text-red-700">{serverErrors.join(' ')}</p> : null}
    </fieldset>
  );
}
