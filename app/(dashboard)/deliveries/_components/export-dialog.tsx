'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { JobProgress } from '@/components/jobs/job-progress';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import {
  exportCancelPath,
  exportCountQuery,
  exportDownloadPath,
  useStartExport,
} from '@/lib/queries/exports';
import { jobQuery, type FilterParams } from '@/lib/queries/jobs';
import type { ExportFormat } from '@/lib/validations/export';

const deliveries = (n: number) => `${n.toLocaleString('en')} deliver${n === 1 ? 'y' : 'ies'}`;

const FORMATS: Array<{ value: ExportFormat; label: string; hint: string }> = [
  { value: 'csv', label: 'CSV', hint: 'opens in a spreadsheet' },
  { value: 'jsonl', label: 'JSON Lines', hint: 'one JSON object per line, for scripts' },
];

/**
 * Export what the history's filters match: the exact count first; a small CSV downloads at once, a
 * larger export (or JSON Lines) is prepared as a background job with progress, cancel and a link.
 */
export function ExportDialog({
  open,
  onClose,
  filters,
}: {
  open: boolean;
  onClose: () => void;
  filters: FilterParams;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Download deliveries"
      description="Every delivery these filters match, not only this page. Requests and credentials are never included."
    >
      {/* Mounted only while open, so every opening starts with a fresh count and no old job. */}
      {open ? <ExportBody filters={filters} onClose={onClose} /> : null}
    </Dialog>
  );
}

function ExportBody({ filters, onClose }: { filters: FilterParams; onClose: () => void }) {
  const count = useQuery(exportCountQuery(filters));
  const start = useStartExport();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [jobId, setJobId] = useState<number | null>(null);

  if (count.isPending)
    return <Spinner label="Counting the matching deliveries…" className="text-sm text-slate-700" />;
  if (count.isError) return <Alert tone="danger">{count.error.message}</Alert>;
  const { count: n, directMaxRows } = count.data;
  const direct = format === 'csv' && n <= directMaxRows;
  const closeButton = (
    <Button variant="secondary" onClick={onClose}>
      {jobId || n === 0 ? 'Close' : 'Cancel'}
    </Button>
  );

  if (n === 0)
    return (
      <div className="flex flex-col gap-4">
        <p className="text-sm text-slate-700">
          Nothing matches these filters, so there is nothing to download. Widen or clear the filters first.
        </p>
        <div className="flex justify-end">{closeButton}</div>
      </div>
    );

  if (jobId)
    return (
      <div className="flex flex-col gap-4">
        <JobProgress id={jobId} label="Writing the file" cancelPath={exportCancelPath(jobId)} />
        <div className="flex justify-end gap-2">
          {closeButton}
          <ReadyLink jobId={jobId} />
        </div>
      </div>
    );

  const query = new URLSearchParams(
    Object.entries(filters).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
  );
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        {deliveries(n)} match.{' '}
        {direct
          ? 'The file downloads at once.'
          : 'The file is prepared in the background; you can follow it here and download it for 24 hours.'}
      </p>
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="mb-1 font-medium text-slate-800">Format</legend>
        {FORMATS.map((f) => (
          <label key={f.value} className="flex items-center gap-2">
            <input
              type="radio"
              name="export-format"
              className="accent-brand-600"
              checked={format === f.value}
              onChange={() => setFormat(f.value)}
            />
            <span>
              {f.label} <span className="text-slate-600">({f.hint})</span>
            </span>
          </label>
        ))}
      </fieldset>
      {start.isError ? <Alert tone="danger">{start.error.message}</Alert> : null}
      <div className="flex justify-end gap-2">
        {closeButton}
        {direct ? (
          <a href={`/api/deliveries/export?${query}`} download className={buttonClass('primary')}>
            Download CSV
          </a>
        ) : (
          <Button
            loading={start.isPending}
            onClick={() => start.mutate({ filters, format }, { onSuccess: ({ job }) => setJobId(job.id) })}
          >
            Prepare {deliveries(n)}
          </Button>
        )}
      </div>
    </div>
  );
}

/** The download link, once the job has written the whole file. */
function ReadyLink({ jobId }: { jobId: number }) {
  const job = useQuery(jobQuery(jobId));
  if (job.data?.status !== 'succeeded') return null;
  return (
    <a href={exportDownloadPath(jobId)} download className={buttonClass('primary')}>
      Download file
    </a>
  );
}
