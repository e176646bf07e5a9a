'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable, Td } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, inputClass } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { ShownOnce } from '@/components/ui/shown-once';
import { LoadingRows } from '@/components/ui/skeleton';
import { RoleOptions } from '@/components/users/role-options';
import { ROLE_LABELS } from '@/lib/roles';
import { tokensQuery, useCreateToken, useRevokeToken } from '@/lib/queries/tokens';
import { ApiError } from '@/lib/queries/fetcher';

export function TokensPageClient() {
  const tokens = useQuery(tokensQuery());
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('marketer');
  const [shown, setShown] = useState<string | null>(null);
  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name, role },
      {
        onSuccess: (t) => {
          setShown(t.token);
          setName('');
        },
      },
    );
  }

  return (
    <>
      <PageHeader
        title="API tokens"
        description="For scripts and other systems: send Authorization: Bearer <token> to the JSON API. A token acts with the role you give it."
      />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-2">
          <CardHeader title="New token" />
          <CardBody>
            <form onSubmit={submit} noValidate className="flex flex-col gap-4">
              {create.error && !Object.keys(errors).length ? (
                <Alert tone="danger">{create.error.message}</Alert>
              ) : null}
              <Field label="Name" hint="What uses it, e.g. “ERP order import”." errors={errors.name}>
                {(p) => (
                  <input
                    {...p}
                    className={inputClass}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Role"
                hint={ROLE_LABELS[role as keyof typeof ROLE_LABELS]?.description}
                errors={errors.role}
              >
                {(p) => (
                  <select
                    {...p}
                    className={inputClass}
                    value={role}
                    onChange={(e) => setRole(e.target.value)}
                  >
                    <RoleOptions />
                  </select>
                )}
              </Field>
              <div>
                <Button type="submit" loading={create.isPending}>
                  Create token
                </Button>
              </div>
            </form>
            {shown ? (
              <ShownOnce
                className="mt-4"
                title="Copy the token now: it is shown only once."
                value={shown}
                copyLabel="Copy token"
                onDone={() => setShown(null)}
              />
            ) : null}
          </CardBody>
        </Card>
        <div className="lg:col-span-3">
          {tokens.isPending ? (
            <LoadingRows label="Loading tokens…" />
          ) : tokens.isError ? (
            <Alert tone="danger">{tokens.error.message}</Alert>
          ) : tokens.data.length === 0 ? (
            <EmptyState title="No API tokens yet">
              Create one for each system that calls the console, so each can be revoked alone.
            </EmptyState>
          ) : (
            <DataTable
              caption="API tokens"
              columns={['Token', 'Role', 'Last used', { label: 'Actions', srOnly: true }]}
            >
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <Td>
                    <span className="block font-medium text-slate-900">{t.name}</span>
                    <span className="font-mono text-xs text-slate-600">{t.prefix}…</span>
                  </Td>
                  <Td>{ROLE_LABELS[t.role].label}</Td>
                  <Td className="text-slate-700">
                    {t.lastUsedAt ? <LocalTime ms={t.lastUsedAt} /> : 'Never'}
                  </Td>
                  <Td className="text-right">
                    {t.revokedAt ? (
                      <Badge tone="neutral">Revoked</Badge>
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Revoke ${t.name}`}
                        loading={revoke.isPending && revoke.variables === t.id}
                        onClick={() =>
                          revoke.mutate(t.id, {
                            onSuccess: () => toast.success(`Token “${t.name}” revoked.`),
                          })
                        }
                      >
                        Revoke
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
      </div>
    </>
  );
}
