'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { ApiError } from '@/lib/queries/fetcher';
import { useCreateIntegration } from '@/lib/queries/integrations';
import type { CreateIntegrationInput } from '@/lib/validations/integration';
import { ConnectionFields, CredentialFields } from '../_components/integration-fields';

const EMPTY: Required<CreateIntegrationInput> = {
  name: '',
  endpoint: '',
  clientId: '',
  owner: '',
  apiKey: '',
  apiSecret: '',
};

export function NewIntegrationForm() {
  const router = useRouter();
  const create = useCreateIntegration();
  const [values, setValues] = useState(EMPTY);
  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const onChange = (field: keyof CreateIntegrationInput, value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(values, {
      onSuccess: (integration) => {
        toast.success(`Integration “${integration.name}” saved. Checking the credentials now…`);
        router.push(`/integrations/${integration.id}?verify=1`);
      },
    });
  }

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/integrations" className="hover:underline">
            Integrations
          </Link>
        }
        title="Add integration"
        description="Copy these values from SALESmanago: Settings → Integration → API access. The API key and secret are encrypted and never shown again."
      />
      <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-6">
        {create.error && !Object.keys(errors).length ? (
          <Alert tone="danger">{create.error.message}</Alert>
        ) : null}
        <Card>
          <CardHeader
            title="Connection"
            description="Where the account lives and who owns the contacts this console creates."
          />
          <CardBody>
            <ConnectionFields values={values} errors={errors} onChange={onChange} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="API credentials"
            description="Write-only: stored encrypted, used only by this server to sign requests."
          />
          <CardBody>
            <CredentialFields values={values} errors={errors} onChange={onChange} />
          </CardBody>
        </Card>
        <div className="flex gap-2">
          <Button type="submit" loading={create.isPending}>
            Save and verify
          </Button>
          <Link href="/integrations" className={buttonClass('secondary')}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
