'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, inputClass } from '@/components/ui/field';
import type { IntegrationView } from '@/lib/data/integrations';
import { ApiError } from '@/lib/queries/fetcher';
import { useUpdateIntegration, useVerifyIntegration } from '@/lib/queries/integrations';

type SecretField = 'apiKey' | 'apiSecret';
const LABELS: Record<SecretField, string> = { apiKey: 'API key', apiSecret: 'API secret' };

export function CredentialsCard({ integration }: { integration: IntegrationView }) {
  return (
    <Card>
      <CardHeader
        title="API credentials"
        description="Stored encrypted and never shown again. Replacing one checks the new value right away."
      />
      <CardBody className="flex flex-col divide-y divide-slate-100">
        <SecretRow integration={integration} field="apiKey" hint={integration.apiKeyHint} />
        <SecretRow integration={integration} field="apiSecret" hint={integration.apiSecretHint} />
      </CardBody>
    </Card>
  );
}

function SecretRow({
  integration,
  field,
  hint,
}: {
  integration: IntegrationView;
  field: SecretField;
  hint?: string;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const update = useUpdateIntegration(integration.id);
  const verify = useVerifyIntegration(integration.id);
  const errors = update.error instanceof ApiError ? update.error.fieldErrors[field] : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate(
      { [field]: value },
      {
        onSuccess: () => {
          setEditing(false);
          setValue('');
          toast.success(`${LABELS[field]} replaced. Checking it now…`);
          verify.mutate();
        },
      },
    );
  }

  return (
    <div className="py-3 first:pt-0 last:pb-0">
      {editing ? (
        <form onSubmit={submit} noValidate className="flex flex-col gap-3">
          {update.error && !errors ? <Alert tone="danger">{update.error.message}</Alert> : null}
          <Field label={`New ${LABELS[field]}`} errors={errors}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                spellCheck={false}
                autoFocus
                className={`${inputClass} font-mono`}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
          <div className="flex gap-2">
            <Button type="submit" size="sm" loading={update.isPending} disabled={!value.trim()}>
              Replace and verify
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setEditing(false);
                setValue('');
                update.reset();
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex items-center justify-between gap-3">
          <div>
            <p className="text-sm font-medium text-slate-800">{LABELS[field]}</p>
            <p
              className="font-mono text-sm text-slate-600"
              aria-label={`${LABELS[field]} is set, ending in ${hint ?? 'hidden characters'}`}
            >
              ••••••••{hint ?? ''}
            </p>
          </div>
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            Replace {LABELS[field]}
          </Button>
        </div>
      )}
    </div>
  );
}
