'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { InputField } from '@/components/ui/field';
import { SaveStatus } from '@/components/ui/save-status';
import { ApiError } from '@/lib/queries/fetcher';
import { useSetSandboxSecret } from '@/lib/queries/incidents';

/**
 * Rehearse a rotated API secret (admins): the sandbox takes a new secret, as SALESmanago does when an
 * account holder generates one, and refuses every integration still signing with the old one.
 */
export function SandboxSecretForm() {
  const [value, setValue] = useState('');
  const save = useSetSandboxSecret();
  const errors = save.error instanceof ApiError ? save.error.fieldErrors.apiSecret : undefined;
  return (
    <form
      aria-label="Sandbox API secret"
      className="mt-4 flex flex-col gap-3 border-t border-slate-100 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ apiSecret: value }, { onSuccess: () => setValue('') });
      }}
    >
      <p className="text-sm text-slate-700">
        Give the sandbox account a new API secret to see what a rotated secret does: the Sandbox integration
        is refused until you enter the same secret in its settings.
      </p>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <InputField
          label="New API secret of the sandbox account"
          type="password"
          autoComplete="off"
          spellCheck={false}
          className="sm:w-80"
          inputClassName="font-mono"
          errors={errors}
          value={value}
          onValueChange={setValue}
        />
        <div className="flex items-center gap-3 sm:pt-7">
          <Button type="submit" variant="secondary" loading={save.isPending}>
            Change the secret
          </Button>
          <SaveStatus
            save={save}
            fieldErrors={errors ? { apiSecret: errors } : undefined}
            savedText="Changed."
          />
        </div>
      </div>
    </form>
  );
}
