'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { Field, InputField, inputClass } from '@/components/ui/field';
import { Segmented } from '@/components/ui/segmented';
import type { IntegrationView } from '@/lib/data/integrations';
import type { OverviewPeriod, OverviewQuery } from '@/lib/validations/overview';

type ViewQuery = Omit<OverviewQuery, 'tz'>;

const PERIODS: ReadonlyArray<{ value: OverviewPeriod; label: string }> = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: 'custom', label: 'Custom' },
];

// The same limit as the API's (OVERVIEW_MAX_DAYS in lib/validations/overview.ts, which would bring zod
// along); the server checks it again, and a longer period in a URL is answered there.
const MAX_DAYS = 400;
const DAY_MS = 86_400_000;

/** The period and the integration, both in the URL; a custom period is two local days, both included. */
export function OverviewFilters({
  query,
  integrations,
  shownDays,
  onChange,
}: {
  query: ViewQuery;
  integrations: IntegrationView[];
  /** The first and last day on screen now, to start a custom period from. */
  shownDays: { from: string; to: string } | null;
  onChange: (patch: Partial<ViewQuery>) => void;
}) {
  const [custom, setCustom] = useState(query.period === 'custom');
  const period = custom ? 'custom' : query.period;
  return (
    <div className="mb-6 flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <div className="flex flex-wrap items-end gap-x-6 gap-y-4">
        <Segmented
          legend="Period"
          showLegend
          stretch
          className="w-full sm:w-auto"
          options={PERIODS}
          value={period}
          onChange={(p) => {
            setCustom(p === 'custom');
            if (p !== 'custom') onChange({ period: p, from: undefined, to: undefined });
          }}
        />
        <Field label="Integration" className="min-w-0">
          {(p) => (
            <select
              {...p}
              className={`${inputClass} sm:w-64`}
              value={query.integrationId ?? ''}
              onChange={(e) =>
                onChange({ integrationId: e.target.value ? Number(e.target.value) : undefined })
              }
            >
              <option value="">All integrations</option>
              {integrations.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {custom ? (
        <CustomPeriod
          // A new URL (another custom period applied, or a preset chosen elsewhere) starts the form again.
          key={`${query.from}-${query.to}`}
          from={query.from ?? shownDays?.from ?? ''}
          to={query.to ?? shownDays?.to ?? ''}
          onApply={(from, to) => onChange({ period: 'custom', from, to })}
        />
      ) : null}
    </div>
  );
}

function CustomPeriod({
  from,
  to,
  onApply,
}: {
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
}) {
  const [start, setStart] = useState(from);
  const [end, setEnd] = useState(to);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!start || !end) return setError('Pick a first and a last day.');
    if (start > end) return setError('The first day is after the last day: swap them.');
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS + 1;
    if (days > MAX_DAYS) return setError(`A period can be at most ${MAX_DAYS} days: pick a shorter one.`);
    setError(null);
    onApply(start, end);
  }

  return (
    <form
      aria-label="Custom period"
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3"
    >
      <InputField label="First day" type="date" value={start} onValueChange={setStart} />
      <InputField label="Last day" type="date" value={end} onValueChange={setEnd} />
      <Button type="submit" variant="secondary">
        Show these days
      </Button>
      <p className="w-full text-xs text-slate-600">Whole days in your time zone, both included.</p>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
