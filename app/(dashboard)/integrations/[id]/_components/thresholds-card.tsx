'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { useCan } from '@/components/shell/user-context';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { InputField } from '@/components/ui/field';
import { SaveStatus } from '@/components/ui/save-status';
import { LoadError } from '@/components/ui/load-error';
import { LoadingRows } from '@/components/ui/skeleton';
import { ApiError } from '@/lib/queries/fetcher';
import { thresholdsQuery, useSaveThresholds } from '@/lib/queries/incidents';
import type { IncidentThresholds } from '@/lib/validations/incident';

type Key = keyof IncidentThresholds;

/** The thresholds in groups, each a cause of incidents, with the words a marketer reads them in. */
const GROUPS: Array<{ legend: string; fields: Array<{ key: Key; label: string }> }> = [
  {
    legend: 'Many deliveries fail',
    fields: [
      { key: 'failureRatePercent', label: 'Failed share (%)' },
      { key: 'failureRateMinDeliveries', label: 'Of at least (deliveries)' },
      { key: 'failureRateWindowMinutes', label: 'Within (minutes)' },
    ],
  },
  { legend: 'Events wait to be sent', fields: [{ key: 'backlogMinutes', label: 'Longer than (minutes)' }] },
  { legend: 'The website sends nothing', fields: [{ key: 'websiteSilentHours', label: 'For (hours)' }] },
  {
    legend: 'The monitoring code is gone',
    fields: [{ key: 'snippetGoneHours', label: 'Not seen for (hours)' }],
  },
];

/** When this integration's incidents open: admins change it (audited), everyone reads it. */
export function ThresholdsCard({ integrationId }: { integrationId: number }) {
  const canEdit = useCan('incidents:configure');
  const { data, isPending, isError, error } = useQuery(thresholdsQuery(integrationId));
  return (
    <Card>
      <CardHeader
        title="When an incident opens"
        description="An incident opens when one of these holds, and resolves by itself once it no longer does."
      />
      <CardBody>
        {isPending ? (
          <LoadingRows rows={2} label="Loading the thresholds…" />
        ) : isError ? (
          <LoadError title="The thresholds could not be loaded." error={error} />
        ) : canEdit ? (
          <ThresholdsForm integrationId={integrationId} value={data} />
        ) : (
          <ThresholdsSummary value={data} />
        )}
      </CardBody>
    </Card>
  );
}

function ThresholdsForm({ integrationId, value }: { integrationId: number; value: IncidentThresholds }) {
  const save = useSaveThresholds(integrationId);
  const [draft, setDraft] = useState<Record<Key, string>>(
    () => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) as Record<Key, string>,
  );
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  return (
    <form
      aria-label="Incident thresholds"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        // Sent as typed (a blank is not a number): the API answers each wrong value under its field.
        const body = Object.fromEntries(
          Object.entries(draft).map(([k, v]) => [k, v.trim() === '' ? null : Number(v.replace(',', '.'))]),
        );
        save.mutate(body as IncidentThresholds);
      }}
    >
      {GROUPS.map((group) => (
        <fieldset key={group.legend} className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-semibold text-slate-900">{group.legend}</legend>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            {group.fields.map((f) => (
              <InputField
                key={f.key}
                label={f.label}
                inputMode="numeric"
                errors={fieldErrors[f.key]}
                value={draft[f.key]}
                onValueChange={(v) => setDraft((d) => ({ ...d, [f.key]: v }))}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" loading={save.isPending}>
          Save thresholds
        </Button>
        <SaveStatus save={save} fieldErrors={fieldErrors} />
      </div>
    </form>
  );
}

/** What the thresholds are, in sentences, for those who may not change them. */
function ThresholdsSummary({ value: t }: { value: IncidentThresholds }) {
  const rows: Array<[string, string]> = [
    [
      'Many deliveries fail',
      `${t.failureRatePercent} % or more of at least ${t.failureRateMinDeliveries} deliveries within ${t.failureRateWindowMinutes} minutes`,
    ],
    ['Events wait to be sent', `longer than ${t.backlogMinutes} minutes`],
    ['The website sends nothing', `for ${t.websiteSilentHours} hours (after its first event)`],
    ['The monitoring code is gone', `not seen for ${t.snippetGoneHours} hours (after it was seen)`],
  ];
  return (
    <>
      <dl className="flex flex-col gap-2 text-sm">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt className="font-semibold text-slate-900">{term}</dt>
            <dd className="text-slate-700">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm text-slate-600">Only admins change these.</p>
    </>
  );
}
