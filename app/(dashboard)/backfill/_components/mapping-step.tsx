'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { useDebounced } from '@/components/ui/use-debounced';
import type { BackfillView } from '@/lib/backfill/view';
import { plural } from '@/lib/format';
import { backfillPreviewQuery, useDiscardBackfill, useStartBackfill } from '@/lib/queries/backfill';
import { detailLabelsQuery } from '@/lib/queries/events';
import type { BackfillField, BackfillPlan, MappingSource } from '@/lib/validations/backfill';
import { useBrowserZone } from '@/components/ui/use-browser-zone';
import {
  mappingIssues,
  rebaseMapping,
  unmappedColumns,
  withSource,
  type FormatOptions,
} from '../mapping-state';
import { FormatOptionsCard } from './format-options';
import { MappingCard } from './mapping-card';
import { PreviewCard } from './preview-card';
import { StartBar } from './start-bar';

/** Step 2: map the columns, say how to read the file, watch the preview, then start (once). */
export function MappingStep({ job, onDiscarded }: { job: BackfillView; onDiscarded: () => void }) {
  const [mapping, setMapping] = useState(job.suggested.mapping);
  const [options, setOptions] = useState<FormatOptions>({
    delimiter: job.shape.delimiter,
    header: job.shape.header,
    dayMonthOrder: job.suggested.dayMonthOrder,
    decimal: job.suggested.decimal,
    importDuplicates: false,
    timeZone: null,
  });
  const browserZone = useBrowserZone();
  const timeZone = options.timeZone ?? browserZone;
  const planKey = timeZone ? JSON.stringify({ mapping, options: { ...options, timeZone } }) : null;
  const settledKey = useDebounced(planKey, 350);
  const plan = useMemo(() => (settledKey ? (JSON.parse(settledKey) as BackfillPlan) : null), [settledKey]);
  const preview = useQuery({ ...backfillPreviewQuery(job.id, plan!), enabled: !!plan });
  const start = useStartBackfill(job.id);
  // The integration's own names for its detail slots (detail9 = Currency), as the composer shows them.
  const labels = useQuery({
    ...detailLabelsQuery(job.integrationId ?? 0),
    enabled: !!job.integrationId,
  });
  const discard = useDiscardBackfill(job.id);

  // Another separator or header setting gives other columns: keep what still applies, suggest the rest.
  const columns = preview.data && !preview.isPlaceholderData ? preview.data.columns : null;
  const columnsKey = columns?.join('\u0000') ?? null;
  const [basis, setBasis] = useState(job.shape.columns.join('\u0000'));
  if (columns && columnsKey !== null && columnsKey !== basis) {
    setBasis(columnsKey);
    setMapping((m) => rebaseMapping(m, columns));
  }

  const issues = { ...mappingIssues(mapping), ...(preview.data?.mappingErrors ?? {}) };
  const upToDate = !!plan && settledKey === planKey && !preview.isFetching && !preview.isPlaceholderData;
  const valid = preview.data?.counts.valid ?? 0;
  const unmapped = unmappedColumns(preview.data?.columns ?? job.shape.columns, mapping);
  const canStart = upToDate && !Object.keys(issues).length && valid > 0 && !preview.isError;

  return (
    <div className="flex flex-col gap-6">
      <Alert tone="info" title={`${job.filename}: ${plural(job.rows, 'row')} for ${job.integrationName}`}>
        Nothing is sent until you start the import.
      </Alert>
      <MappingCard
        columns={preview.data?.columns ?? job.shape.columns}
        mapping={mapping}
        sample={preview.data?.rows[0]?.cells}
        issues={issues}
        detailLabels={labels.data ?? {}}
        onChange={(field: BackfillField, source: MappingSource | undefined) =>
          setMapping((m) => withSource(m, field, source))
        }
      />
      <FormatOptionsCard
        options={options}
        timeZone={timeZone}
        onChange={(patch) => setOptions((o) => ({ ...o, ...patch }))}
      />
      {timeZone ? (
        <PreviewCard
          preview={preview.data}
          pending={preview.isPending}
          fetching={preview.isFetching}
          error={preview.error}
          mapping={mapping}
          timeZone={timeZone}
          detailLabels={labels.data ?? {}}
        />
      ) : null}
      {unmapped.length ? (
        <Alert
          tone="warning"
          title={`${unmapped.length === 1 ? '1 column' : `${unmapped.length} columns`} of the file will not be imported: ${unmapped.join(', ')}.`}
        >
          Their values are left out of every event. If SALESmanago should get them, map them above: a detail
          field can hold any text.
        </Alert>
      ) : null}
      <StartBar
        jobId={job.id}
        integrationName={job.integrationName}
        plan={plan}
        counts={upToDate ? preview.data?.counts : undefined}
        status={
          Object.keys(issues).length
            ? 'Finish the mapping above to import.'
            : !upToDate
              ? 'Checking the file with your latest changes…'
              : valid === 0
                ? 'No row is ready to import: fix the mapping or the file.'
                : `${plural(valid, 'row')} will be imported and sent; the others are skipped and listed.`
        }
        canStart={canStart}
        starting={start.isPending}
        discarding={discard.isPending}
        onStart={() => plan && start.mutate(plan)}
        onDiscard={() => discard.mutate(undefined, { onSuccess: onDiscarded })}
      />
      {start.error || discard.error ? (
        <Alert tone="danger" title="That did not work.">
          {(start.error ?? discard.error)!.message}
        </Alert>
      ) : null}
    </div>
  );
}
