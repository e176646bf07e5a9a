'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { IntegrationView } from '@/lib/data/integrations';
import type { UnknownOutcomeChoice, UnknownOutcomePolicy } from '@/lib/salesmanago/duplicates';
import { useSetUnknownOutcome } from '@/lib/queries/integrations';

const GROUPS: Array<{ key: keyof UnknownOutcomePolicy; legend: string; hint: string }> = [
  {
    key: 'valueTypes',
    legend: 'Orders, payments, bookings, loans, returns and cancellations',
    hint: 'A second copy counts the amount twice in SALESmanago.',
  },
  { key: 'otherTypes', legend: 'Every other event type', hint: 'A second copy is usually harmless.' },
];

const CHOICES: Array<{ value: UnknownOutcomeChoice; label: string }> = [
  { value: 'ask', label: 'Ask me (wait in Needs attention)' },
  { value: 'retry', label: 'Retry automatically' },
];

/**
 * What the console does when SALESmanago gives no clear answer (no answer in time, a cut connection, an
 * unreadable answer): it cannot know whether the event was stored, so sending it again may store it twice.
 */
export function UnclearAnswersCard({ integration }: { integration: IntegrationView }) {
  const canChange = useCan('deliveries:retry');
  const [values, setValues] = useState(integration.unknownOutcome);
  const save = useSetUnknownOutcome(integration.id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(values, { onSuccess: () => toast.success('Saved.') });
  };
  return (
    <Card>
      <CardHeader
        title="When SALESmanago gives no clear answer"
        description="After a timeout, a cut connection or an unreadable answer, SALESmanago may have stored the event. Sending it again may store it twice."
      />
      <CardBody>
        <form onSubmit={submit} className="flex flex-col gap-4">
          {GROUPS.map((g) => (
            <fieldset key={g.key} className="flex flex-col gap-1.5" disabled={!canChange}>
              <legend className="text-sm font-medium text-slate-800">{g.legend}</legend>
              <p className="text-xs text-slate-600">{g.hint}</p>
              <div className="flex flex-wrap gap-x-5 gap-y-1">
                {CHOICES.map((c) => (
                  <label key={c.value} className="flex items-center gap-2 text-sm text-slate-800">
                    <input
                      type="radio"
                      name={g.key}
                      value={c.value}
                      checked={values[g.key] === c.value}
                      onChange={() => setValues({ ...values, [g.key]: c.value })}
                    />
                    {c.label}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          {save.isError ? <Alert tone="danger">{save.error.message}</Alert> : null}
          {canChange ? (
            <div>
              <Button type="submit" variant="secondary" loading={save.isPending}>
                Save
              </Button>
            </div>
          ) : null}
        </form>
      </CardBody>
    </Card>
  );
}
