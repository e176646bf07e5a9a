'use client';

import { useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { SaveRow } from '@/components/ui/save-row';
import type { PreferencesView } from '@/lib/data/notification-settings';
import type { NotificationsView } from '@/lib/notifications/view';
import { formError } from '@/lib/queries/fetcher';
import { useSavePreferences, useTestEmail } from '@/lib/queries/notifications';
import { TestResult } from './test-result';

const checkboxRow = 'flex items-start gap-2 text-sm text-slate-800';

/** The signed-in person's own choices: which integrations' problems to hear about, and the digest. */
export function EmailPreferences({
  email,
  preferences,
}: {
  email: NotificationsView['email'];
  preferences: PreferencesView;
}) {
  const save = useSavePreferences();
  const test = useTestEmail();
  const [chosen, setChosen] = useState(() => new Set(preferences.integrationIds));
  const [digest, setDigest] = useState(preferences.digest);
  const toggle = (id: number, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <Card>
      <CardHeader title="Email me" description="Only you get these: each person chooses for themselves." />
      <CardBody className="flex flex-col gap-5">
        {email.on ? null : (
          <Alert tone="warning" title="Email is off on this console">
            The console was started without a mail server (SMTP_URL and ALERT_FROM). Your choices are kept and
            start working once whoever runs the console sets them.
          </Alert>
        )}
        <form
          aria-label="Email me"
          className="flex flex-col gap-5"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ digest, integrationIds: [...chosen] });
          }}
        >
          <fieldset className="flex flex-col gap-2">
            <legend className="text-sm font-medium text-slate-800">
              When something breaks with an integration, and when it is fixed
            </legend>
            {/* Under the question it explains, not under the last integration's box as if it were that one's. */}
            <p className="mb-1 text-xs text-slate-600">
              You get one email when a problem starts, a reminder every few hours while it lasts, and one when
              it is over, each with what to do.
            </p>
            {preferences.integrations.length === 0 ? (
              <p className="text-sm text-slate-600">No integration yet.</p>
            ) : (
              preferences.integrations.map((i) => (
                <label key={i.id} className={checkboxRow}>
                  <input
                    type="checkbox"
                    className="accent-brand-600 mt-0.5"
                    checked={chosen.has(i.id)}
                    onChange={(e) => toggle(i.id, e.target.checked)}
                  />
                  <span className="min-w-0 break-words">{i.name}</span>
                </label>
              ))
            )}
          </fieldset>
          <label className={checkboxRow}>
            <input
              type="checkbox"
              className="accent-brand-600 mt-0.5"
              checked={digest}
              onChange={(e) => setDigest(e.target.checked)}
            />
            <span>
              Weekly digest
              <span className="block text-xs text-slate-600">
                Every Monday: last week&apos;s events, revenue per currency, why events failed and what broke.
              </span>
            </span>
          </label>
          <SaveRow
            variant="primary"
            pending={save.isPending}
            saved={save.isSuccess}
            error={formError(save.error)}
          />
        </form>
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
          <div>
            <Button
              variant="secondary"
              disabled={!email.on}
              loading={test.isPending}
              onClick={() => test.mutate(undefined)}
            >
              Send me a test email
            </Button>
          </div>
          <TestResult result={test.data?.notification} error={test.error?.message} />
        </div>
      </CardBody>
    </Card>
  );
}
