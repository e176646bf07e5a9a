'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { localInputToMs, msToLocalInput } from '../form-state';

/** The event date in the marketer's own time zone; SALESmanago receives epoch milliseconds. */
export function DateField({
  value,
  errors,
  onChange,
}: {
  value: string;
  errors?: string[];
  onChange: (v: string) => void;
}) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const ms = localInputToMs(value);
  return (
    <Field
      label="Date and time"
      errors={errors}
      hint={
        value ? (
          <span suppressHydrationWarning>
            Your time zone: {zone}. Sent as {ms ?? '—'} (epoch ms).
          </span>
        ) : (
          <span suppressHydrationWarning>Empty means now, when you press Send. Your time zone: {zone}.</span>
        )
      }
    >
      {(p) => (
        <div className="flex flex-wrap items-center gap-2">
          <input
            {...p}
            type="datetime-local"
            step={1}
            className={`${inputClass} sm:w-64`}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
          <Button variant="secondary" size="sm" onClick={() => onChange(msToLocalInput(Date.now()))}>
            Set to now
          </Button>
          {value ? (
            <Button variant="ghost" size="sm" onClick={() => onChange('')}>
              Use send time
            </Button>
          ) : null}
        </div>
      )}
    </Field>
  );
}
