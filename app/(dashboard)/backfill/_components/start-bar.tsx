'use client';

import { useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { PreviewResult } from '@/lib/backfill/scan';
import { plural } from '@/lib/format';
import type { BackfillPlan } from '@/lib/validations/backfill';

const n = (x: number) => x.toLocaleString('en-US');
const rows = (x: number) => plural(x, 'row');

/**
 * The end of step 2: what the import will do, the rejected rows to download, and the start, which asks once
 * more with the counts (sending cannot be undone).
 */
export function StartBar({
  jobId,
  integrationName,
  plan,
  counts,
  status,
  canStart,
  starting,
  discarding,
  onStart,
  onDiscard,
}: {
  jobId: number;
  integrationName: string;
  plan: BackfillPlan | null;
  counts: PreviewResult['counts'] | undefined;
  status: string;
  canStart: boolean;
  starting: boolean;
  discarding: boolean;
  onStart: () => void;
  onDiscard: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [download, setDownload] = useState<{ pending: boolean; error: string | null }>({
    pending: false,
    error: null,
  });
  const valid = counts?.valid ?? 0;
  const rejected = (counts?.invalid ?? 0) + (counts?.duplicates ?? 0);

  async function downloadRejected() {
    if (!plan) return;
    setDownload({ pending: true, error: null });
    try {
      const res = await fetch(`/api/backfill/${jobId}/rejected`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(plan),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? 'The rejected rows could not be prepared.');
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `import-${jobId}-rejected-rows.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload({ pending: false, error: null });
    } catch (err) {
      setDownload({ pending: false, error: (err as Error).message });
    }
  }

  return (
    <>
      <Card>
        <CardBody className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700" role="status">
            {status}
          </p>
          <div className="flex flex-wrap gap-2">
            {canStart && rejected > 0 ? (
              <Button variant="secondary" loading={download.pending} onClick={() => void downloadRejected()}>
                Download the {rows(rejected)} not imported (CSV)
              </Button>
            ) : null}
            <Button variant="secondary" loading={discarding} onClick={onDiscard}>
              Discard upload
            </Button>
            <Button disabled={!canStart} loading={starting} onClick={() => setConfirming(true)}>
              Import {valid ? rows(valid) : 'rows'}…
            </Button>
          </div>
        </CardBody>
      </Card>
      {download.error ? (
        <Alert tone="danger" title="The rejected rows could not be downloaded.">
          {download.error}
        </Alert>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Send ${rows(valid)} to ${integrationName}?`}
        description={
          <>
            <span className="block">
              {rows(valid)} become events sent to SALESmanago; a sent event cannot be taken back from here.
            </span>
            {rejected ? (
              <span className="mt-2 block">
                {rows(rejected)} will not be imported ({n(counts?.invalid ?? 0)} with errors,{' '}
                {n(counts?.duplicates ?? 0)} already sent). Download them first to fix them.
              </span>
            ) : null}
          </>
        }
        confirmLabel={`Import and send ${rows(valid)}`}
        pending={starting}
        error={null}
        destructive={false}
        onConfirm={() => {
          setConfirming(false);
          onStart();
        }}
      />
    </>
  );
}
