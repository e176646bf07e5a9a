import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

import { cn } from './cn';
import { useHydrated } from './use-hydrated';

export interface FieldControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  /**
   * Set until hydration (see use-hydrated.ts): text cannot be typed, and the control says it is not ready
   * yet (a select or a checkbox changed before React owns it would be set back by the first render).
   */
  readOnly?: boolean;
  'aria-disabled'?: boolean;
}

/**
 * A labelled form control with an optional hint and inline errors, wired for screen readers
 * (`aria-describedby`, `aria-invalid`). The control is rendered by the `children` callback.
 */
export function Field({
  label,
  hint,
  errors,
  className,
  optional,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  className?: string;
  optional?: boolean;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hydrated = useHydrated();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = !!errors?.length;
  const describedBy =
    [hint ? hintId : null, hasError ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
        {optional ? <span className="ml-1 font-normal text-slate-600">(optional)</span> : null}
      </label>
      {children({
        id,
        'aria-invalid': hasError || undefined,
        'aria-describedby': describedBy,
        ...(hydrated ? {} : { readOnly: true, 'aria-disabled': true }),
      })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors!.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A Field whose control is a one-line input bound to a string, the common case of the forms: the label,
 * errors and screen-reader wiring come from Field, everything else goes to the input.
 */
export function InputField({
  label,
  hint,
  errors,
  optional,
  className,
  inputClassName,
  value,
  onValueChange,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  optional?: boolean;
  className?: string;
  inputClassName?: string;
  value: string;
  onValueChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className' | 'id'>) {
  return (
    <Field label={label} hint={hint} errors={errors} optional={optional} className={className}>
      {(p) => (
        <input
          {...p}
          {...input}
          className={cn(inputClass, inputClassName)}
          value={value}
          onChange={(e) => onValueChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export const inputClass =
  'h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-500 aria-invalid:border-red-600 aria-invalid:ring-1 aria-invalid:ring-red-600 disabled:bg-slate-100 disabled:text-slate-600';

export const textareaClass =
  'w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-500 aria-invalid:border-red-600 aria-invalid:ring-1 aria-invalid:ring-red-600';
