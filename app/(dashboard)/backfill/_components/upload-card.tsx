'use client';

import { useState } from 'react';

import { IntegrationWarning } from '@/components/integrations/integration-warning';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, inputClass } from '@/components/ui/field';
import type { IntegrationView } from '@/lib/data/integrations';
import { backfillTemplateCsv } from '@/lib/backfill/template';
import { useUploadBackfill } from '@/lib/queries/backfill';
import { FileDrop } from './file-drop';

/** Step 1: where the rows go, and the file. Uploading only reads the file: nothing is sent yet. */
export function UploadCard({
  integrations,
  startId,
  onUploaded,
}: {
  integrations: IntegrationView[];
  startId: number | null;
  onUploaded: (jobId: number) => void;
}) {
  const [integrationId, setIntegrationId] = useState(() =>
    integrations.some((i) => i.id === startId) ? startId! : (integrations[0]?.id ?? 0),
  );
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadBackfill();
  const integration = integrations.find((i) => i.id === integrationId);

  return (
    <Card>
      <CardHeader
        title="Upload a CSV of past events"
        description="For example last year's orders from your shop. The next step shows every row checked before anything is sent."
      />
      <CardBody className="flex flex-col gap-5">
        <Field
          label="Integration"
          hint={
            integration?.isSandbox
              ? 'The built-in sandbox: nothing leaves this console.'
              : integration?.endpoint
          }
        >
          {(p) => (
            <select
              {...p}
              className={`${inputClass} sm:w-80`}
              value={integrationId}
              onChange={(e) => setIntegrationId(Number(e.target.value))}
            >
              {integrations.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {integration ? <IntegrationWarning integration={integration} /> : null}
        <p className="text-sm text-slate-700">
          Starting from scratch?{' '}
          <a
            href={`data:text/csv;charset=utf-8,${encodeURIComponent(backfillTemplateCsv())}`}
            download="backfill-template.csv"
            className="text-brand-700 font-medium underline"
          >
            Download a template CSV
          </a>{' '}
          with the columns this import recognises and two example orders.
        </p>
        <FileDrop
          file={file}
          onFile={(f) => {
            setFile(f);
            upload.reset();
          }}
        />
        {upload.error ? (
          <Alert tone="danger" title="The file was not accepted.">
            {upload.error.message}
          </Alert>
        ) : null}
        <div>
          <Button
            disabled={!file || !integration}
            loading={upload.isPending}
            onClick={() =>
              file && upload.mutate({ integrationId, file }, { onSuccess: (job) => onUploaded(job.id) })
            }
          >
            {upload.isPending ? 'Uploading…' : 'Upload and check'}
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}
