'use client';

import { useId, type FormEvent, type ReactNode } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, inputClass, textareaClass } from '@/components/ui/field';
import { draftFromOptions, useSaveSnippetOptions, type SnippetDraft } from '@/lib/queries/snippet';
import type { SnippetDraftState } from './use-snippet-draft';

type Flag = 'smcustom' | 'smbanners' | 'popups' | 'clientIdPlaceholder';

const FLAGS: Array<{ key: Flag; label: ReactNode; hint: string }> = [
  {
    key: 'popups',
    label: 'Load pop-ups',
    hint: 'Adds the script that shows the pop-ups set up in SALESmanago (popups.js).',
  },
  {
    key: 'clientIdPlaceholder',
    label: 'Identify logged-in visitors',
    hint: 'Shows the line your site adds for known visitors (_smclientid); the code itself stays the same.',
  },
  {
    key: 'smcustom',
    label: (
      <>
        Add the <code className="font-mono">smcustom</code> flag
      </>
    ),
    hint: "Offered by SALESmanago's own plugins. Turn it on only if SALESmanago asked you to.",
  },
  {
    key: 'smbanners',
    label: (
      <>
        Add the <code className="font-mono">smbanners</code> flag
      </>
    ),
    hint: "Offered by SALESmanago's own plugins. Turn it on only if SALESmanago asked you to.",
  },
];

// Typed as text: the API reads the number and names the field when it is not one.
const NUMBERS: Array<{ key: 'cookieLifetimeDays' | 'smapp'; label: string; hint: string }> = [
  { key: 'cookieLifetimeDays', label: 'Cookie lifetime (days)', hint: "Empty: SALESmanago's 10 years." },
  { key: 'smapp', label: 'Application ID (_smapp)', hint: 'Only if SALESmanago gave you one.' },
];

export function OptionsCard({ id, state }: { id: number; state: SnippetDraftState }) {
  const canSave = useCan('snippet:manage');
  const save = useSaveSnippetOptions(id);
  const { draft, update, fieldErrors, dirty } = state;

  function submit(e: FormEvent) {
    e.preventDefault();
    const options = state.snippet?.options;
    if (!options || !state.current) return;
    save.mutate(options, {
      onSuccess: (saved) => {
        state.reset(draftFromOptions(saved));
        toast.success('Options saved. Everyone now gets this code by default.');
      },
    });
  }

  return (
    <Card>
      <CardHeader
        title="Options"
        description="The code changes as you choose. Change only what your SALESmanago account uses."
      />
      <CardBody>
        <form onSubmit={submit} noValidate className="flex flex-col gap-5">
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-2 text-sm font-medium text-slate-800">Features</legend>
            {FLAGS.map((flag) => (
              <Toggle
                key={flag.key}
                label={flag.label}
                hint={flag.hint}
                checked={draft[flag.key]}
                onChange={(checked) => update({ [flag.key]: checked } as Partial<SnippetDraft>)}
              />
            ))}
          </fieldset>
          {NUMBERS.map((n) => (
            <Field key={n.key} label={n.label} optional hint={n.hint} errors={fieldErrors[n.key]}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  className={inputClass}
                  value={draft[n.key]}
                  onChange={(e) => update({ [n.key]: e.target.value })}
                />
              )}
            </Field>
          ))}
          <Field
            label="Extra sm(…) commands"
            optional
            hint={
              <>
                One per line, for example{' '}
                <code className="font-mono">sm(&apos;webPush&apos;, [&apos;…&apos;, &apos;1&apos;]);</code>{' '}
                They run right after the loader.
              </>
            }
            errors={fieldErrors.commands}
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                className={`${textareaClass} font-mono`}
                value={draft.commands}
                onChange={(e) => update({ commands: e.target.value })}
              />
            )}
          </Field>
          {save.isError ? <Alert tone="danger">{save.error.message}</Alert> : null}
          {canSave ? (
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" loading={save.isPending} disabled={!dirty || !state.current}>
                Save as default
              </Button>
              {dirty ? (
                <>
                  <Button variant="ghost" onClick={() => state.reset()}>
                    Discard
                  </Button>
                  <span className="text-sm text-slate-600">Unsaved changes</span>
                </>
              ) : null}
            </div>
          ) : (
            <p className="text-sm text-slate-600">
              You can try options here. Only admins and marketers can save them as the default.
            </p>
          )}
        </form>
      </CardBody>
    </Card>
  );
}

function Toggle({
  label,
  hint,
  checked,
  onChange,
}: {
  label: ReactNode;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex gap-3">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
        className="accent-brand-600 mt-0.5 size-4 shrink-0"
      />
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      </div>
    </div>
  );
}
