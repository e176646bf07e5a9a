'use client';

import { cn } from '@/components/ui/cn';
import { Field, inputClass } from '@/components/ui/field';
import type { ComposerState } from '../form-state';

type Props = {
  state: ComposerState;
  errors: Record<string, string[]>;
  onChange: (patch: Partial<ComposerState>) => void;
};

export function ContactFields({ state, errors, onChange }: Props) {
  return (
    <div className="flex flex-col gap-3">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Identify the contact by</legend>
        <div className="mt-2 inline-flex rounded-md border border-slate-300 bg-white p-0.5">
          {(['email', 'contactId'] as const).map((mode) => (
            <label
              key={mode}
              className={cn(
                'has-[:focus-visible]:outline-brand-500 cursor-pointer rounded px-3 py-1.5 text-sm has-[:focus-visible]:outline-2',
                state.contactMode === mode ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              <input
                type="radio"
                name="contact-mode"
                className="sr-only"
                checked={state.contactMode === mode}
                onChange={() => onChange({ contactMode: mode })}
              />
              {mode === 'email' ? 'Email' : 'Contact ID'}
            </label>
          ))}
        </div>
      </fieldset>
      {state.contactMode === 'email' ? (
        <Field
          label="Contact email"
          errors={errors.email}
          hint="SALESmanago creates the contact if it does not exist yet."
        >
          {(p) => (
            <input
              {...p}
              type="email"
              className={inputClass}
              value={state.email}
              onChange={(e) => onChange({ email: e.target.value })}
            />
          )}
        </Field>
      ) : (
        <Field
          label="Contact ID"
          errors={errors.contactId ?? errors.email}
          hint="The contact's SALESmanago ID (a UUID), e.g. the value of the smclient cookie on the website."
        >
          {(p) => (
            <input
              {...p}
              className={cn(inputClass, 'font-mono')}
              spellCheck={false}
              placeholder="3521dc0f-a934-4b6c-bb08-84f2e144047d"
              value={state.contactId}
              onChange={(e) => onChange({ contactId: e.target.value })}
            />
          )}
        </Field>
      )}
    </div>
  );
}
