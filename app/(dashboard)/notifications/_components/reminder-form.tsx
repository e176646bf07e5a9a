'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { InputField } from '@/components/ui/field';
import { ApiError } from '@/lib/queries/fetcher';
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
          <div className="flex items-center gap-3 sm:pt-7">
            <Button type="submit" variant="secondary" loading={save.isPending}>
              Save
            </Button>
            <p role="status" className="text-sm text-slate-700">
              {save.isSuccess
                ? 'Saved.'
                : save.isError && !Object.keys(fieldErrors).length
                  ? save.error.message
                  : ''}
            </p>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
