'use client';

import { useState } from 'react';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { InputField } from '@/components/ui/field';
import { SaveRow } from '@/components/ui/save-row';
import { ApiError, formError } from '@/lib/queries/fetcher';
import { useSaveNotificationSettings } from '@/lib/queries/notifications';

/** How often an incident that stays open is brought up again (admins; the API checks 1 to 168). */
export function ReminderForm({ reminderHours }: { reminderHours: number }) {
  const save = useSaveNotificationSettings();
  const [hours, setHours] = useState(String(reminderHours));
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  return (
    <Card>
      <CardHeader
        title="Reminders"
        description="While a problem stays open (or acknowledged), everyone who hears about it is reminded this often."
      />
      <CardBody>
        <form
          aria-label="Reminders"
          className="flex flex-col gap-3 sm:flex-row sm:items-start"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ reminderHours: Number(hours) });
          }}
        >
          <InputField
            label="Remind every (hours)"
            hint="From 1 to 168 hours (a week)."
            errors={fieldErrors.reminderHours}
            className="sm:w-56"
            inputMode="numeric"
            value={hours}
            onValueChange={setHours}
          />
          <SaveRow
            className="sm:pt-7"
            pending={save.isPending}
            saved={save.isSuccess}
            error={formError(save.error)}
          />
        </form>
      </CardBody>
    </Card>
  );
}
