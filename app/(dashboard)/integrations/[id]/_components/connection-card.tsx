'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { IntegrationView } from '@/lib/data/integrations';
import { ApiError } from '@/lib/queries/fetcher';
import { useUpdateIntegration } from '@/lib/queries/integrations';
import { ConnectionFields } from '../../_components/integration-fields';

type Values = { name: string; endpoint: string; clientId: string; owner: string };

const pick = (i: IntegrationView): Values => ({
  name: i.name,
  endpoint: i.endpoint,
  clientId: i.clientId,
  owner: i.owner,
});

export function ConnectionCard({ integration }: { integration: IntegrationView }) {
  const canManage = useCan('integrations:manage');
  return (
    <Card>
      <CardHeader
        title="Connection"
        description="Where the account lives and who owns the contacts it creates."
      />
      <CardBody>
        {canManage ? (
          <ConnectionForm integration={integration} />
        ) : (
          <ConnectionDetails integration={integration} />
        )}
      </CardBody>
    </Card>
  );
}

function ConnectionDetails({ integration }: { integration: IntegrationView }) {
  const rows: Array<[string, string]> = [
    ['Name', integration.name],
    ['Endpoint', integration.endpoint],
    ['Client ID', integration.clientId],
    ['Owner email', integration.owner],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt className="text-xs font-medium text-slate-600">{k}</dt>
          <dd className="mt-0.5 text-sm break-all text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function ConnectionForm({ integration }: { integration: IntegrationView }) {
  const update = useUpdateIntegration(integration.id);
  const [values, setValues] = useState<Values>(() => pick(integration));
  const [syncedFrom, setSyncedFrom] = useState(integration.updatedAt);
  // When the integration changes elsewhere (e.g. an owner picked in the verification card), show it.
  if (syncedFrom !== integration.updatedAt && !update.isPending) {
    setSyncedFrom(integration.updatedAt);
    setValues(pick(integration));
  }
  const errors = update.error instanceof ApiError ? update.error.fieldErrors : {};
  const dirty = (Object.keys(values) as Array<keyof Values>).some((k) => values[k] !== pick(integration)[k]);

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate(values, {
      onSuccess: () => toast.success('Connection settings saved. Verify them to be sure they work.'),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {update.error && !Object.keys(errors).length ? (
        <Alert tone="danger">{update.error.message}</Alert>
      ) : null}
      <ConnectionFields
        values={values}
        errors={errors}
        onChange={(k, v) => setValues((s) => ({ ...s, [k]: v }))}
        ownerOptions={integration.accountUsers}
      />
      <div className="flex items-center gap-2">
        <Button type="submit" loading={update.isPending} disabled={!dirty}>
          Save changes
        </Button>
        {dirty ? (
          <Button variant="ghost" onClick={() => setValues(pick(integration))}>
            Discard
          </Button>
        ) : null}
      </div>
    </form>
  );
}
