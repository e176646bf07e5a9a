'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { InputField } from '@/components/ui/field';
import { ShownOnce } from '@/components/ui/shown-once';
import type { WebhookView } from '@/lib/data/notification-settings';
import { ApiError, formError } from '@/lib/queries/fetcher';
import { useRemoveWebhook, useSaveWebhook, useTestWebhook } from '@/lib/queries/notifications';
import { TestResult } from './test-result';

/**
 * One webhook: its address (saved after the server checked it is public), the signing secret shown
 * once when it is made or replaced, a test, and removal.
 */
export function WebhookForm({
  title,
  hint,
  integrationId,
  webhook,
}: {
  title: string;
  hint: string;
  integrationId: number | null;
  webhook: WebhookView | undefined;
}) {
  const save = useSaveWebhook();
  const remove = useRemoveWebhook();
  const test = useTestWebhook();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [secret, setSecret] = useState<string | null>(null);
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const submit = (newSecret: boolean) =>
    save.mutate(
      { integrationId, url, ...(newSecret ? { newSecret } : {}) },
      { onSuccess: (saved) => setSecret(saved.secret ?? null) },
    );

  return (
    <div className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold break-words text-slate-900">{title}</h3>
      <form
        aria-label={`Webhook for ${title}`}
        // The server's own sentence (a private address, a typo) says more than the browser's tooltip.
        noValidate
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          submit(false);
        }}
      >
        <InputField
          label="Webhook address"
          hint={hint}
          errors={fieldErrors.url}
          className="min-w-0 sm:flex-1"
          type="url"
          inputMode="url"
          placeholder="https://hooks.slack.com/services/…"
          value={url}
          onValueChange={setUrl}
        />
        <div className="flex flex-wrap items-center gap-2 sm:pt-7">
          <Button type="submit" variant="secondary" loading={save.isPending}>
            Save
          </Button>
          {webhook ? (
            <>
              <Button variant="secondary" loading={test.isPending} onClick={() => test.mutate(webhook.id)}>
                Send a test
              </Button>
              <Button
                variant="ghost"
                loading={remove.isPending}
                onClick={() => remove.mutate(webhook.id, { onSuccess: () => setUrl('') })}
              >
                Remove
              </Button>
            </>
          ) : null}
        </div>
      </form>
      {formError(save.error) ? (
        <p role="alert" className="text-sm text-red-700">
          {formError(save.error)}
        </p>
      ) : null}
      {secret ? (
        <ShownOnce
          title="Copy the signing secret now: it is shown only once."
          value={secret}
          copyLabel="Copy secret"
          onDone={() => setSecret(null)}
        />
      ) : webhook ? (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          Signing secret ends in <span className="font-mono">…{webhook.secretHint}</span>
          {/* Outlined: on a phone it wraps under the sentence, and a ghost button's padding looked indented. */}
          <Button variant="secondary" size="sm" loading={save.isPending} onClick={() => submit(true)}>
            Replace secret
          </Button>
        </p>
      ) : null}
      <TestResult result={test.data?.notification} error={test.error?.message} />
    </div>
  );
}
