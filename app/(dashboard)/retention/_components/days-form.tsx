'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { InputField } from '@/components/ui/field';
import { SaveStatus } from '@/components/ui/save-status';
import { ApiError } from '@/lib/queries/fetcher';
import { useSaveRetention } from '@/lib/queries/retention';

type Days = { bodiesDays: number | null; deliveriesDays: number | null };

/**
 * The two retention values, for the console (required) or one integration (empty = as the console).
 * The API checks them with the shared schema; its messages show under each field.
 */
export function DaysForm({
  value,
  integrationId,
  label,
}: {
  value: Days;
  integrationId?: number;
  label: string;
}) {
  const save = useSaveRetention();
  const [bodies, setBodies] = useState(value.bodiesDays?.toString() ?? '');
  const [deliveries, setDeliveries] = useState(value.deliveriesDays?.toString() ?? '');
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const toDays = (text: string) => (text.trim() === '' && integrationId ? null : Number(text));
  const hint = integrationId ? 'Empty: as the console-wide setting.' : undefined;
  return (
    <form
      aria-label={label}
      className="flex flex-col gap-3 sm:flex-row sm:items-start"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          integrationId,
          value: { bodiesDays: toDays(bodies), deliveriesDays: toDays(deliveries) } as never,
        });
      }}
    >
      <InputField
        label="Keep deliveries (days)"
        hint={hint}
        errors={fieldErrors.deliveriesDays}
        className="sm:w-48"
        inputMode="numeric"
        value={deliveries}
        onValueChange={setDeliveries}
      />
      <InputField
        label="Keep request and response bodies (days)"
        hint={hint}
        errors={fieldErrors.bodiesDays}
        className="sm:w-64"
        inputMode="numeric"
        value={bodies}
        onValueChange={setBodies}
      />
      <div className="flex items-center gap-3 sm:pt-7">
        <Button type="submit" variant="secondary" loading={save.isPending}>
          Save
        </Button>
        <SaveStatus save={save} fieldErrors={fieldErrors} />
      </div>
    </form>
  );
}
