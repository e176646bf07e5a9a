'use client';

import { useState } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { JsonBlock } from '@/components/ui/json-block';
import type { IntegrationView } from '@/lib/data/integrations';
import { useCopyAsCurl } from '@/lib/queries/events';
import { previewEventRequest } from '@/lib/salesmanago/event-body';
import type { ParseEventResult } from '@/lib/validations/event';

/**
 * requestTime in the preview is the event's date (the composer fills "now" when it is empty); the real
 * request carries the moment it leaves.
 *
 * The exact JSON that will be sent, built in the browser with the same code as the server; the API key
 * and sha are masked (they never reach the browser at all).
 */
export function RequestPreview({
  integration,
  parsed,
  input,
}: {
  integration: IntegrationView;
  parsed: ParseEventResult;
  input: Record<string, unknown>;
}) {
  const canIncludeSecrets = useCan('curl:include-secrets');
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const curl = useCopyAsCurl();
  const operation = parsed.ok && parsed.data.eventId ? 'update' : 'add';
  const preview = parsed.ok
    ? previewEventRequest(integration, parsed.data, operation, parsed.data.date ?? 0)
    : null;

  function copyCurl() {
    curl.mutate(
      { integrationId: integration.id, event: input, includeSecrets },
      {
        // React Query does not wait for onSuccess: the copy reports its own outcome in a toast.
        onSuccess: ({ curl: text }) => {
          navigator.clipboard.writeText(text).then(
            () =>
              toast.success(
                includeSecrets
                  ? 'cURL copied, with the API key and sha: keep it private.'
                  : 'cURL copied. Set SM_API_KEY and SM_SHA before running it.',
              ),
            () => toast.error('The browser did not allow copying to the clipboard.'),
          );
        },
        onError: (err) => toast.error(err.message),
      },
    );
  }

  return (
    <Card>
      <CardHeader
        title="Request preview"
        description="Exactly what the console will send. The API key and sha stay on the server."
      />
      <CardBody className="flex flex-col gap-3">
        {preview ? (
          <>
            <p aria-label="Request URL" className="font-mono text-xs break-all text-slate-700">
              <span className="font-semibold">POST</span> {integration.endpoint}
              {preview.path}
            </p>
            <JsonBlock value={preview.body} label="Request body preview" />
          </>
        ) : (
          <p className="rounded-md border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-700">
            Fix the highlighted fields to see the exact request.
          </p>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="secondary"
            size="sm"
            onClick={copyCurl}
            loading={curl.isPending}
            disabled={!preview}
          >
            Copy as cURL
          </Button>
          {canIncludeSecrets ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={includeSecrets}
                onChange={(e) => setIncludeSecrets(e.target.checked)}
                className="accent-brand-600"
              />
              Include secrets
            </label>
          ) : null}
        </div>
        {includeSecrets ? (
          <p className="text-xs text-amber-900">
            The copied command will contain the API key and sha, which work as a password. Do not share it.
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
