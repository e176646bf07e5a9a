'use client';

import { useId, useState } from 'react';
import { toast } from 'sonner';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import { useCopyAsCurl } from '@/lib/queries/events';

/**
 * Copy as cURL: the command goes straight to the clipboard and is never shown, because with secrets
 * (admins only, after ticking the box) it holds the API key and sha.
 */
export function CopyCurlCard({
  delivery: d,
  canIncludeSecrets,
  disabledNoteId,
}: {
  delivery: DeliveryDetail;
  canIncludeSecrets: boolean;
  disabledNoteId?: string;
}) {
  const checkboxId = useId();
  const warningId = useId();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const curl = useCopyAsCurl();
  const withSecrets = canIncludeSecrets && includeSecrets;

  async function copy() {
    setResult(null);
    if (d.integrationId === null) return;
    let command: string;
    try {
      command = (
        await curl.mutateAsync({
          integrationId: d.integrationId,
          event: d.event,
          includeSecrets: withSecrets,
        })
      ).curl;
    } catch (err) {
      return setResult({ ok: false, text: `The command could not be made: ${(err as Error).message}` });
    } finally {
      // The command (maybe with secrets) should not linger in the query cache once it is on its way.
      curl.reset();
    }
    try {
      await navigator.clipboard.writeText(command);
    } catch {
      return setResult({ ok: false, text: 'The browser did not allow copying to the clipboard.' });
    }
    const text = withSecrets ? 'cURL command with the API key and sha copied.' : 'cURL command copied.';
    setResult({ ok: true, text });
    toast.success(text);
  }

  return (
    <Card>
      <CardHeader
        title="Copy as cURL"
        description="This event as a command for a terminal, signed afresh when you copy it."
      />
      <CardBody className="space-y-3 text-sm">
        {canIncludeSecrets ? (
          <div className="flex items-start gap-2">
            <input
              id={checkboxId}
              type="checkbox"
              className="accent-brand-600 mt-0.5 size-4"
              checked={includeSecrets}
              aria-describedby={includeSecrets ? warningId : undefined}
              onChange={(e) => setIncludeSecrets(e.target.checked)}
            />
            <label htmlFor={checkboxId} className="text-slate-800">
              Include the API key and sha
            </label>
          </div>
        ) : null}
        {withSecrets ? (
          <Alert tone="warning" title="The command will contain secrets." className="text-sm">
            <span id={warningId}>
              It holds this integration&apos;s API key and sha: anyone with it can send events to your
              SALESmanago account. Run it yourself; never paste it into a ticket, chat or email.
            </span>
          </Alert>
        ) : (
          <p className="text-slate-600">
            The API key and sha are left out as <code className="font-mono text-xs">$SM_API_KEY</code> and{' '}
            <code className="font-mono text-xs">$SM_SHA</code>; the command&apos;s first lines say how to set
            them.
          </p>
        )}
        <Button
          variant="secondary"
          disabled={d.integrationId === null}
          aria-describedby={disabledNoteId}
          loading={curl.isPending}
          onClick={copy}
        >
          {withSecrets ? 'Copy as cURL with secrets' : 'Copy as cURL'}
        </Button>
        <p role="status" className={result?.ok === false ? 'text-red-700' : 'sr-only'}>
          {result?.text}
        </p>
      </CardBody>
    </Card>
  );
}
